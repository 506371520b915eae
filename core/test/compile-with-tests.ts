import { compileProject, type CompileOptions, type CompileResult } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import { Diagnostics, type Diagnostic } from '../errors.js';
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
 * A custom generic test as a model: a call of its macro (`test_<name>`, see genericTestsAsMacros) with `model`
 * (the tested relation, filtered by `where`), `column_name` and the test's arguments, as dbt calls it.
 */
function customTestModel(test: DataTest): ModelFile {
  const relation = test.model !== undefined ? `ref(${literal(test.model)})`
    : test.seed !== undefined ? `ref(${literal(test.seed)})` : `source(${test.source!.split('.', 2).map(literal).join(', ')})`;
  const model = test.where ? `'(select * from ' ~ ${relation} ~ ' where ' ~ ${literal(test.where)} ~ ') as dbt_subquery'` : relation;
  const args = Object.entries(test.args).filter(([name]) => /^[A-Za-z_]\w*$/.test(name) && name !== 'model').map(([name, value]) => `, ${name}=${literal(value)}`);
  const name = customTestKey(test);
  return { name, path: name, folders: [], modelPath: '', content: `{{ test_${test.kind}(model=${model}${args.join('')}) }}` };
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
 * Compiles the project with every singular test (tests/**.sql) and every use of a custom generic test added
 * as a model, so a test is rendered exactly like a model (Jinja or header pragmas, ref/source/var/macros,
 * project-level configs such as `+dependencies`) and its refs are checked and placed in the graph. One
 * compile serves models and tests.
 */
export function compileWithTests(project: Project, options: CompileOptions, diagnostics: Diagnostics): CompiledWithTests {
  const testModels: ModelFile[] = project.tests.map((file) => ({ name: file.path, path: file.path, folders: [], modelPath: '', content: file.content }));
  const defined = definedTestKinds(project);
  const generic = genericTestsOf(project, project.models.map((m) => m.name));
  // A project's own test of a built-in's name (`{% test not_null %}`) replaces it, as in dbt.
  const customTests = generic.filter((t) => defined.has(t.kind));
  const customModels = customTests.map(customTestModel);
  const argModels = templatedArgModels(generic.filter((t) => !defined.has(t.kind)), customTestKey);
  const written = new Map(generic.map((test) => [customTestKey(test), test.location]));
  const own = new Diagnostics();
  const result = compileProject({ ...project, models: [...project.models, ...testModels, ...customModels, ...argModels.map((a) => a.model)] }, options, own);
  const testPaths = new Set(project.tests.map((t) => t.path));
  for (const item of own.items) {
    if ((testPaths.has(item.file) || item.file.startsWith('generic-test/')) && isTestConfigKey(item)) continue;
    if (!item.file.startsWith('generic-test/')) diagnostics.add(item);
    // A custom generic test's own call: reported where the test is written. Tests of disabled models are not run.
    else if (item.code !== 'disabled-ref') diagnostics.add({ ...item, line: 1, column: 1, ...written.get(item.file.split('#')[0]) });
  }
  const singular: CompiledSingularTest[] = [];
  for (const file of project.tests) {
    const model = result.byName.get(file.path);
    if (model) singular.push({ file, model });
  }
  const custom = new Map<string, CompiledModel>();
  for (const { name } of customModels) {
    const model = result.byName.get(name);
    if (model) custom.set(name, model);
  }
  return { result: { ...result, project }, singular, custom, args: renderedArgs(result, argModels) };
}
