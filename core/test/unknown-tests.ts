import type { Diagnostics } from '../errors.js';
import type { ColumnTest, Project } from '../project/project-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { definedTestKinds } from './compile-with-tests.js';
import { BUILT_IN_TEST_KINDS } from './generic-test-sql.js';

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
 * defines (`not_nul`): warned about when the project compiles, with the nearest name, so a typo is seen
 * before `amp-dbt test` reports the test as an error. Tests from packages (`dbt_utils.…`) are `test`'s to report.
 */
export function warnAboutUnknownTests(project: Project, diagnostics: Diagnostics): void {
  let custom: Set<string> | undefined;
  for (const test of testEntries(project)) {
    if (test.name.includes('.') || BUILT_IN_TEST_KINDS.includes(test.name)) continue;
    custom ??= definedTestKinds(project);
    if (custom.has(test.name)) continue;
    diagnostics.warn('unknown-test', `generic test '${test.name}' is not built in, and no {% test %} block defines it`, test.location,
      didYouMean(test.name, [...BUILT_IN_TEST_KINDS, ...custom]) || 'define it with {% test name(model, column_name) %} in tests/generic/, or fix the name');
  }
}
