import { compileProject, renderModels, type CompileOptions, type CompileResult } from '../compile/compile-project.js';
import type { CompiledModel, RenderedModel } from '../compile/compiled-model.js';
import { renderTargetSql } from '../compile/target-sql.js';
import { Diagnostics, type Diagnostic } from '../errors.js';
import { describeValue } from '../project/mapping-reader.js';
import { TEST_CONFIGS } from '../project/resource-configs.js';
import { positionOf } from '../util/text-position.js';
import { macroNamesIn } from '../compile/written-at.js';
import type { ModelFile, Project, TestFile } from '../project/project-types.js';
import { genericTestsOf } from './collect-generic-tests.js';
import type { DataTest } from './data-test.js';
import { renderedArgs, templatedArgModels } from './templated-test-args.js';

/** A singular test compiled as a model. */
export interface CompiledSingularTest {
  file: TestFile;
  model: CompiledModel;
}

export interface CompiledWithTests {
  /** The project's models and, among them, one per singular test and custom generic test (see isTestModel). */
  result: CompileResult;
  singular: CompiledSingularTest[];
  /** Custom generic tests (a project's `{% test %}` blocks) compiled as models, by customTestKey. */
  custom: Map<string, CompiledModel>;
  /** Rendered Jinja arguments of built-in tests, by `<customTestKey>#<argument>` (see templated-test-args). */
  args: Map<string, unknown>;
}

/** Where a custom generic test is written, as it keys `custom` and names its model. */
export const customTestKey = (test: DataTest) => `generic-test/${test.location.file}:${test.location.line ?? 1}:${test.location.column ?? 1}`;

/**
 * Singular tests become models named by their file's path (`tests/x.sql`), custom generic tests by customTestKey:
 * no model can have a `/` in its name.
 */
export const isTestModel = (name: string, project: Project) => name.startsWith('generic-test/') || project.tests.some((t) => t.path === name);

/** A value as a Jinja literal (JSON's strings, numbers, lists, dicts, true, false and null are nunjucks' too). */
const literal = (value: unknown) => JSON.stringify(value ?? null);

/**
 * An argument of a custom generic test as a Jinja expression: as dbt renders Jinja in test arguments, a string
 * that is one `{{ expression }}` becomes that expression (keeping its type: `"{{ var('statuses') }}"` passes
 * the list), one mixing text and `{{ }}` a concatenation, one with `{% %}` or `{# #}` the text it renders to
 * (captured by a `{% set %}` block added to `blocks`), lists and dicts their items so; anything else a literal.
 */
function argumentExpression(value: unknown, blocks: string[]): string {
  if (Array.isArray(value)) return `[${value.map((item) => argumentExpression(item, blocks)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return `{${Object.entries(value).map(([key, item]) => `${literal(key)}: ${argumentExpression(item, blocks)}`).join(', ')}}`;
  if (typeof value === 'string' && /\{[%#]/.test(value)) {
    const name = `amp_dbt_argument_${blocks.length + 1}`;
    blocks.push(`{% set ${name} %}${value}{% endset %}`);
    return name;
  }
  if (typeof value !== 'string' || !value.includes('{{')) return literal(value);
  const parts: string[] = [];
  let at = 0;
  for (const match of value.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    if (match.index > at) parts.push(literal(value.slice(at, match.index)));
    parts.push(`(${match[1].trim()})`);
    at = match.index + match[0].length;
  }
  if (at < value.length) parts.push(literal(value.slice(at)));
  return parts.join(' ~ ');
}

/**
 * A custom generic test as a model: a call of its macro (`test_<name>`, see genericTestsAsMacros) with `model`
 * (the tested relation, filtered by `where`), `column_name` and the test's arguments, as dbt calls it.
 */
function customTestModel(test: DataTest): ModelFile {
  const relation = test.model !== undefined ? `ref(${literal(test.model)})`
    : test.seed !== undefined ? `ref(${literal(test.seed)})` : `source(${test.source!.split('.', 2).map(literal).join(', ')})`;
  const blocks: string[] = [];
  const model = test.where ? `'(select * from ' ~ ${relation} ~ ' where ' ~ (${argumentExpression(test.where, blocks)}) ~ ') as dbt_subquery'` : relation;
  const args = Object.entries(test.args).filter(([name]) => /^[A-Za-z_]\w*$/.test(name) && name !== 'model').map(([name, value]) => `, ${name}=${argumentExpression(value, blocks)}`);
  const name = customTestKey(test);
  return { name, path: name, folders: [], modelPath: '', content: `${blocks.join('')}{{ test_${test.kind}(model=${model}${args.join('')}) }}` };
}

/** The generic tests the project's `{% test %}` blocks define (read as `test_<name>` macros), by name. */
export function definedTestKinds(project: Project): Set<string> {
  return new Set(project.macros.flatMap((m) => macroNamesIn(m.content)).filter((name) => name.startsWith('test_')).map((name) => name.slice(5)));
}

/** Configs of a test, not of a model: `config(severity='warn')` in a singular test is not an unknown model config. */
const testConfigKeys = new Set(['severity', 'warn_if', 'error_if', 'store_failures', 'store_failures_as', 'where', 'limit', 'fail_calc']);

function isTestConfigKey(diagnostic: Diagnostic): boolean {
  const key = /^unknown key '([^']+)'/.exec(diagnostic.message)?.[1];
  return diagnostic.code === 'unknown-key' && key !== undefined && testConfigKeys.has(key);
}

/**
 * The project's tests as models: every singular test (tests/**.sql), every use of a custom generic test, and
 * the Jinja arguments of built-in ones; `written` is where each generic test is written, by customTestKey.
 */
function testModelsOf(project: Project) {
  const singularModels: ModelFile[] = project.tests.map((file) => ({ name: file.path, path: file.path, folders: [], modelPath: '', content: file.content }));
  const defined = definedTestKinds(project);
  const generic = genericTestsOf(project, project.models.map((m) => m.name));
  // A project's own test of a built-in's name (`{% test not_null %}`) replaces it, as in dbt.
  const customModels = generic.filter((t) => defined.has(t.kind)).map(customTestModel);
  const argModels = templatedArgModels(generic.filter((t) => !defined.has(t.kind)), customTestKey);
  const written = new Map(generic.map((test) => [customTestKey(test), test.location]));
  return { models: [...singularModels, ...customModels, ...argModels.map((a) => a.model)], customModels, argModels, written };
}

const diagnosticKey = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;

/**
 * What compiling the tests reported (`own`), as the user wrote it: configs of tests (`severity`...) are not
 * unknown model configs, and a custom generic test's problem is at the property file line that uses it
 * (tests of disabled models are not run).
 */
function addTestDiagnostics(own: Diagnostics, project: Project, written: ReadonlyMap<string, DataTest['location']>, diagnostics: Diagnostics, skip?: (item: Diagnostic) => boolean): void {
  // Where a test's config() may be written: singular tests, and the macro files holding {% test %} blocks.
  const testPaths = new Set([...project.tests.map((t) => t.path), ...project.macros.filter((m) => macroNamesIn(m.content).some((name) => name.startsWith('test_'))).map((m) => m.path)]);
  for (const found of own.items) {
    if ((testPaths.has(found.file) || found.file.startsWith('generic-test/')) && isTestConfigKey(found)) continue;
    if (skip?.(found)) continue;
    // A custom generic test is compiled as a model named by where it is used: said so in its messages
    // ('generic-test/x.yml:6:17', or "called by generic-test/x.yml:6:17" of an error in the block).
    const item = {
      ...found,
      message: found.message.replace(/'generic-test\/([^']+)'|\bgeneric-test\/([^\s)',]+)/g, (_, quoted, bare) => `the test used at ${quoted ?? bare}`)
        .replace(/\(in macro 'test_(\w+)', called by the test used at /, "(in test '$1', used at "),
    };
    if (!item.file.startsWith('generic-test/')) {
      // A config() key of a {% test %} block is found once per use of the block, at the block: said once.
      if (!diagnostics.items.some((d) => diagnosticKey(d) === diagnosticKey(item))) diagnostics.add(item);
    } else if (item.code !== 'disabled-ref') {
      // The use's call of the block (`{% test positive %}` is the macro test_positive): said as the test.
      const message = item.message.replace(/^macro 'test_(\w+)'/, "test '$1'");
      diagnostics.add({ ...item, message, line: 1, column: 1, ...written.get(item.file.split('#')[0]) });
    }
  }
}

/**
 * Compiles the project with every singular test (tests/**.sql) and every use of a custom generic test added
 * as a model, so a test is rendered exactly like a model (Jinja or header pragmas, ref/source/var/macros,
 * project-level configs such as `+dependencies`) and its refs are checked and placed in the graph. One
 * compile serves models and tests.
 */
export function compileWithTests(project: Project, options: CompileOptions, diagnostics: Diagnostics): CompiledWithTests {
  const { models: testModels, customModels, argModels, written } = testModelsOf(project);
  const own = new Diagnostics();
  const result = compileProject({ ...project, models: [...project.models, ...testModels] }, options, own);
  addTestDiagnostics(own, project, written, diagnostics);
  const singular: CompiledSingularTest[] = [];
  for (const file of project.tests) {
    const model = result.byName.get(file.path);
    if (model) singular.push({ file, model });
  }
  checkSingularConfigs(singular, diagnostics);
  const custom = new Map<string, CompiledModel>();
  for (const { name } of customModels) {
    const model = result.byName.get(name);
    if (model) custom.set(name, model);
  }
  return { result: { ...result, project }, singular, custom, args: renderedArgs(argModels, (name) => (result.byName.has(name) ? result.targetSql(name) : undefined)) };
}

/**
 * The project's tests for a compile of its models (`compiled`), as `test` collects them (collectDataTests):
 * only the tests are rendered, against those models. Their problems go to `diagnostics` as `test` would report
 * them (unknown refs and sources, Jinja and SQL errors, at the test's file and line), less those it holds
 * already (a broken macro a test calls too). A test whose rendering failed is left out; one with an unknown
 * ref is not (as in `test`, nothing should run while `diagnostics` has errors).
 */
export function compileTests(compiled: CompileResult, options: CompileOptions, diagnostics: Diagnostics): CompiledWithTests {
  const { project } = compiled;
  const { rendered, customModels, argModels } = renderTests(project, options, compiled.disabled, diagnostics);
  // A test's query is rendered SQL: it has no fingerprint of its own (nothing reads one).
  const asCompiled = (model: RenderedModel) => model as CompiledModel;
  const singular = project.tests.flatMap((file) => { const model = rendered.get(file.path); return model ? [{ file, model: asCompiled(model) }] : []; });
  checkSingularConfigs(singular, diagnostics);
  const custom = new Map(customModels.flatMap(({ name }) => { const model = rendered.get(name); return model ? [[name, asCompiled(model)] as const] : []; }));
  const args = renderedArgs(argModels, (name) => { const model = rendered.get(name); return model && renderTargetSql(model, compiled.sqlContext); });
  return { result: compiled, singular, custom, args };
}


/**
 * Renders the project's tests (as compileTests does) against its models, `disabled` naming the disabled ones:
 * their problems go to `diagnostics` as `test` reports them, less those it holds already. An incremental
 * recording, which has no CompileResult, checks the tests of a commit so.
 */
export function renderTests(project: Project, options: CompileOptions, disabled: ReadonlySet<string>, diagnostics: Diagnostics) {
  const { models: testModels, customModels, argModels, written } = testModelsOf(project);
  if (testModels.length === 0) return { rendered: new Map<string, RenderedModel>(), customModels, argModels };
  const own = new Diagnostics();
  const only = new Set(testModels.map((m) => m.path));
  const { rendered } = renderModels({ ...project, models: [...project.models, ...testModels] }, { ...options, reuse: undefined }, own, only, disabled);
  const known = new Set(diagnostics.items.map(diagnosticKey));
  addTestDiagnostics(own, project, written, diagnostics, (item) => known.has(diagnosticKey(item)));
  return { rendered, customModels, argModels };
}

/**
 * The test configs a singular test's config() sets, checked as the `data_tests:` tree's are (TEST_CONFIGS):
 * `severity='fatal'` would otherwise run as error, `limit='ten'` count every row. At the key in the file.
 */
function checkSingularConfigs(singular: readonly CompiledSingularTest[], diagnostics: Diagnostics): void {
  for (const { file, model } of singular) {
    for (const [name, value] of Object.entries(model.config)) {
      if (!testConfigKeys.has(name) || value === undefined || value === null) continue;
      const expected = TEST_CONFIGS.check?.(name, value);
      if (!expected) continue;
      const at = positionOf(file.content, new RegExp(`\\b${name}\\s*=`));
      diagnostics.error('invalid-value', `'${name}' in the config of test ${file.path} must be ${expected}, got ${describeValue(value)}`, { file: file.path, ...at }, TEST_CONFIGS.hint?.(name, value) ?? null);
    }
  }
}
