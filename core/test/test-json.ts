import type { TestOutcome } from './data-test.js';
import type { TestSummary } from './run-data-tests.js';

/** One test in `amp-dbt test --json`. */
export function testOutcomeJson(outcome: TestOutcome) {
  const { test } = outcome;
  return {
    name: test.name,
    kind: test.kind,
    model: test.model ?? null,
    source: test.source ?? null,
    ...(test.seed !== undefined ? { seed: test.seed } : {}),
    column: test.column ?? null,
    severity: test.severity,
    status: outcome.status,
    failures: outcome.failures,
    sample: outcome.sample,
    sql: outcome.sql,
    location: test.location,
    ...(outcome.error ? { error: outcome.error } : {}),
    ms: outcome.ms,
  };
}

/** `target` is the target's name, as in the --json of run, env, state, status and drift. */
export function testReportJson(environment: string, target: { name: string }, outcomes: TestOutcome[], summary: TestSummary) {
  return { environment, target: target.name, tests: outcomes.map(testOutcomeJson), summary, errors: [] };
}
