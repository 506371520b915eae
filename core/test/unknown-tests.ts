import type { CompileResult } from '../compile/compile-project.js';
import type { Diagnostics } from '../errors.js';
import type { ColumnTest, Project } from '../project/project-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { definedTestKinds } from './compile-with-tests.js';
import { DataTestError } from './data-test-error.js';
import { BUILT_IN_TEST_KINDS } from './generic-test-sql.js';
import { relationshipTarget } from './test-relations.js';

/** Every generic test entry of the property files: on models, sources, seeds and their columns. */
function* testEntries(project: Project): Iterable<ColumnTest> {
  const owners = [...project.modelProperties.values(), ...project.sources.flatMap((s) => s.tables), ...(project.seedTests?.values() ?? [])];
  for (const owner of owners) {
    yield* owner.tests ?? [];
    for (const column of owner.columns) yield* column.tests;
  }
}

/**
 * Generic tests of property files that neither amp-dbt builds nor a `{% test %}` block of the project
 * defines (`not_nul`), and relationships tests whose `to:` names no model, seed or declared source of
 * `result`: warned about when the project compiles, with the nearest name, so a typo is seen before
 * `amp-dbt test` reports the test as an error. Tests from packages (`dbt_utils.…`) are `test`'s to report.
 */
export function warnAboutUnknownTests(project: Project, diagnostics: Diagnostics, result?: CompileResult): void {
  let custom: Set<string> | undefined;
  for (const test of testEntries(project)) {
    if (test.name === 'relationships' && result) warnAboutRelationshipTarget(test, result, diagnostics);
    if (test.name.includes('.') || BUILT_IN_TEST_KINDS.includes(test.name)) continue;
    custom ??= definedTestKinds(project);
    if (custom.has(test.name)) continue;
    diagnostics.warn('unknown-test', `generic test '${test.name}' is not built in, and no {% test %} block defines it`, test.location,
      didYouMean(test.name, [...BUILT_IN_TEST_KINDS, ...custom]) || 'define it with {% test name(model, column_name) %} in tests/generic/, or fix the name');
  }
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
