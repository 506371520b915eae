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

export function testReportJson(environment: string, target: { name: string; type: string }, outcomes: TestOutcome[], summary: TestSummary) {
  return { environment, target: { name: target.name, type: target.type }, tests: outcomes.map(testOutcomeJson), summary, errors: [] };
}
