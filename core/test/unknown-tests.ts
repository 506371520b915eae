import { macroNamesIn } from '../compile/written-at.js';
import type { Diagnostics } from '../errors.js';
import type { Project } from '../project/project-types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { genericTestsOf } from './collect-generic-tests.js';
import { BUILT_IN_TEST_KINDS } from './generic-test-sql.js';

/**
 * Generic tests of property files that neither amp-dbt builds nor a `{% test %}` block of the project
 * defines (`not_nul`): warned about when the project compiles, with the nearest name, so a typo is seen
 * before `amp-dbt test` reports the test as an error. Tests from packages (`dbt_utils.…`) are `test`'s to report.
 */
export function warnAboutUnknownTests(project: Project, diagnostics: Diagnostics): void {
  const custom = new Set(project.macros.flatMap((m) => macroNamesIn(m.content)).filter((name) => name.startsWith('test_')).map((name) => name.slice(5)));
  const known = [...BUILT_IN_TEST_KINDS, ...custom];
  const warned = new Set<string>();
  for (const test of genericTestsOf(project, project.models.map((m) => m.name))) {
    if (test.kind.includes('.') || BUILT_IN_TEST_KINDS.includes(test.kind) || custom.has(test.kind)) continue;
    const key = `${test.location.file}:${test.location.line}:${test.kind}`;
    if (warned.has(key)) continue;
    warned.add(key);
    diagnostics.warn('unknown-test', `generic test '${test.kind}' is not built in, and no {% test %} block defines it`, test.location,
      didYouMean(test.kind, known) || 'define it with {% test name(model, column_name) %} in tests/generic/, or fix the name');
  }
}
