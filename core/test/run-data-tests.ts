import { mapConcurrent } from '../git/map-concurrent.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { DataTest, TestOutcome, TestStatus } from './data-test.js';
import { runDataTest } from './run-data-test.js';
import type { TestRelations } from './test-relations.js';

export type TestSummary = Record<TestStatus, number> & { total: number };

export interface RunDataTestsOptions {
  /** Tests run at once (the adapter's connection pool size); default 1. */
  threads?: number;
  /** Called as each test starts, and as it finishes (before onOutcome, which keeps the order of `tests`). */
  onStart?: (test: DataTest) => void;
  onFinish?: (test: DataTest) => void;
  /** Called once per test, in the order of `tests`, as soon as it and every test before it finished. */
  onOutcome?: (outcome: TestOutcome) => void;
}

export function summarize(outcomes: readonly TestOutcome[]): TestSummary {
  const summary: TestSummary = { total: outcomes.length, pass: 0, fail: 0, warn: 0, error: 0 };
  for (const outcome of outcomes) summary[outcome.status]++;
  return summary;
}

/** Runs tests against one environment; nothing is written anywhere. */
export async function runDataTests(
  tests: readonly DataTest[], adapter: WarehouseAdapter, relations: TestRelations, options: RunDataTestsOptions = {},
): Promise<{ outcomes: TestOutcome[]; summary: TestSummary }> {
  const finished: (TestOutcome | undefined)[] = [];
  let reported = 0;
  const outcomes = await mapConcurrent(tests, Math.max(1, options.threads ?? 1), async (test, index) => {
    options.onStart?.(test);
    const outcome = await runDataTest(test, adapter, relations);
    options.onFinish?.(test);
    finished[index] = outcome;
    while (reported < tests.length && finished[reported]) {
      const next = finished[reported++]!;
      options.onOutcome?.(next);
    }
    return outcome;
  });
  return { outcomes, summary: summarize(outcomes) };
}
