import type { CompileResult } from '../compile/compile-project.js';
import type { Diagnostics } from '../errors.js';
import type { ColumnTest, Project } from '../project/project-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { definedTestKinds } from './compile-with-tests.js';
import { DataTestError } from './data-test-error.js';
import { BUILT_IN_TEST_KINDS, testSignature } from './generic-test-sql.js';
import { relationshipTarget } from './test-relations.js';
import { configKeys, testPathsByName } from './collect-generic-tests.js';
import { positionAt } from '../util/text-position.js';

/** What property files give tests to: models, source tables and seeds (each with its columns). */
const testOwners = (project: Project) => [...project.modelProperties.values(), ...project.sources.flatMap((s) => s.tables), ...(project.seedTests?.values() ?? [])];

/** Whether `test` is written under a column (its block then takes `column_name`). */
function isColumnTest(project: Project, test: ColumnTest): boolean {
  return testOwners(project).some((owner) => owner.columns.some((column) => column.tests.includes(test)));
}

/** Every generic test entry of the property files: on models, sources, seeds and their columns. */
function* testEntries(project: Project): Iterable<ColumnTest> {
  for (const owner of testOwners(project)) {
    yield* owner.tests ?? [];
    for (const column of owner.columns) yield* column.tests;
  }
}

/**
 * Generic tests of property files that neither amp-dbt builds nor a `{% test %}` block of the project
 * defines (`not_nul`), and relationships tests whose `to:` names no model, seed or declared source of
 * `result`: warned about when the project compiles, with the nearest name, so a typo is seen before
 * `amp-dbt test` reports the test as an error. So are tests from packages (`dbt_utils.…`), which are not installed.
 */
export function warnAboutUnknownTests(project: Project, diagnostics: Diagnostics, result?: CompileResult): void {
  warnAboutUnusedTestConfigPaths(project, diagnostics);
  warnAboutConfigNamedParameters(project, diagnostics);
  warnAboutStoredFailures(project, diagnostics);
  let custom: Set<string> | undefined;
  for (const test of testEntries(project)) {
    if (test.name === 'relationships' && result) warnAboutRelationshipTarget(test, result, diagnostics);
    if (test.name.includes('.')) {
      const name = test.name.slice(test.name.lastIndexOf('.') + 1);
      diagnostics.warn('unknown-test', `generic test '${test.name}' comes from a package, and dbt packages are not installed: 'amp-dbt test' reports it as an error`, test.location,
        `copy its test block into tests/generic/ (as {% test ${testSignature(name, Object.fromEntries(Object.entries(test.args).filter(([key]) => !configKeys.has(key) && key !== 'arguments')), isColumnTest(project, test))} %}) and name it without the package`);
      continue;
    }
    if (BUILT_IN_TEST_KINDS.includes(test.name)) continue;
    custom ??= definedTestKinds(project);
    if (custom.has(test.name)) continue;
    diagnostics.warn('unknown-test', `generic test '${test.name}' is not built in, and no {% test %} block defines it`, test.location,
      didYouMean(test.name, [...BUILT_IN_TEST_KINDS, ...custom]) || 'define it with {% test name(model, column_name) %} in tests/generic/, or fix the name');
  }
}

/**
 * A key of dbt_project.yml's `data_tests:` tree that names no folder (loadProject checked those) and no test
 * written in exactly the folders above it: its configs apply to nothing, which dbt warns about as it does for
 * `models:` and `seeds:`.
 */
function warnAboutUnusedTestConfigPaths(project: Project, diagnostics: Diagnostics): void {
  const keys = project.unresolvedTestConfigKeys;
  if (!keys?.length) return;
  const tests = testPathsByName(project);
  for (const { folders, key, path, location } of keys) {
    if (tests.has([...folders, key].join('/'))) continue;
    const here = [...tests].filter((test) => test.split('/').length === folders.length + 1 && test.startsWith(folders.map((f) => `${f}/`).join('')))
      .map((test) => test.slice(test.lastIndexOf('/') + 1));
    const near = didYouMean(key, here);
    diagnostics.warn('unused-config-path', `${path} in dbt_project.yml applies to no test (it is not a folder here, nor the name of a test written ${folders.length ? `in folder '${folders.join('/')}'` : 'directly in a model or test path'})`,
      location, near || null);
  }
}

const STORE_FAILURES_HINT = "amp-dbt test shows a sample of the failing rows; remove 'store_failures', or run the test's SQL (.amp-dbt/compiled/) yourself";

/** `store_failures: true` on a test or in the `data_tests:` tree: dbt's table of failing rows is not made (docs/dbt-compatibility.md). */
function warnAboutStoredFailures(project: Project, diagnostics: Diagnostics): void {
  for (const test of testEntries(project)) {
    const config = test.args.config;
    const stored = test.args.store_failures ?? (config !== null && typeof config === 'object' ? (config as Record<string, unknown>).store_failures : undefined);
    if (stored === true || stored === 'true') {
      diagnostics.warn('not-supported', `store_failures on test '${test.name}' is not applied: amp-dbt does not store failing rows in a table`, test.location, STORE_FAILURES_HINT);
    }
  }
  const found = storeFailuresLevel(project.testConfigTree ?? {});
  if (!found) return;
  const location = project.locateInProjectFile?.(found.level)(found.key) ?? { file: 'dbt_project.yml', line: 1, column: 1 };
  diagnostics.warn('not-supported', "store_failures in the tests' tree of dbt_project.yml is not applied: amp-dbt does not store failing rows in a table", location, STORE_FAILURES_HINT);
}

/** The first level of a `data_tests:` tree setting `store_failures` (with `+` or without) to true, and its key. */
function storeFailuresLevel(level: Record<string, unknown>): { level: Record<string, unknown>; key: string } | undefined {
  for (const [key, value] of Object.entries(level)) {
    if ((key === '+store_failures' || key === 'store_failures') && (value === true || value === 'true')) return { level, key };
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const found = storeFailuresLevel(value as Record<string, unknown>);
      if (found) return found;
    }
  }
  return undefined;
}

/** A `to:` written with Jinja is rendered when the test runs: only plain `ref(...)` / `source(...)` are checked here. */
function warnAboutRelationshipTarget(test: ColumnTest, result: CompileResult, diagnostics: Diagnostics): void {
  const { to } = test.args;
  if (typeof to !== 'string' || to.includes('{{') || to.includes('{%')) return;
  try {
    relationshipTarget(result, to, test.location);
  } catch (error) {
    if (!(error instanceof DataTestError)) throw error;
    diagnostics.warn(error.code, error.message, test.location, error.hint);
  }
}

/**
 * A `{% test %}` block's parameter named like a test config (`limit`, `where`, `severity` ...): a key of that
 * name under the test in a property file configures the test, as in dbt, and never reaches the parameter.
 */
function warnAboutConfigNamedParameters(project: Project, diagnostics: Diagnostics): void {
  for (const macro of project.macros) {
    if (!macro.content.includes('test_') || configNamedParameters(macro.content).length === 0) continue;
    // Located in the file as written (read again only now): `{% test x(` is `{% macro test_x(` in the macro's content.
    const text = writtenText(project, macro.path) ?? macro.content;
    for (const { test, parameter, offset } of configNamedParameters(text)) {
      diagnostics.warn('test-parameter-is-config', `parameter '${parameter}' of test '${test}' is named like a test config: '${parameter}:' under the test in a property file sets that config (as in dbt), never this parameter`,
        { file: macro.path, ...positionAt(text, offset) }, `rename it, e.g. '${parameter}_value'`);
    }
  }
}

/** Parameters of `{% test %}` blocks (or `test_` macros) named like a test config, with where each is written. */
function configNamedParameters(text: string): { test: string; parameter: string; offset: number }[] {
  const found: { test: string; parameter: string; offset: number }[] = [];
  for (const match of text.matchAll(/\{%-?\s*(?:test\s+|macro\s+test_)([A-Za-z_]\w*)\s*\(([^)]*)\)/g)) {
    let at = match.index + match[0].indexOf('(') + 1;
    for (const written of match[2].split(',')) {
      const parameter = written.split('=')[0].trim();
      if (configKeys.has(parameter)) found.push({ test: match[1], parameter, offset: at + written.indexOf(parameter) });
      at += written.length + 1;
    }
  }
  return found;
}

function writtenText(project: Project, path: string): string | undefined {
  try {
    return project.files.read(path);
  } catch {
    return undefined;
  }
}
