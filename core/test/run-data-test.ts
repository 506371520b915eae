import { AmpDbtError } from '../errors.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { SAMPLE_ROWS, type DataTest, type TestOutcome, type TestStatus } from './data-test.js';
import { DataTestError } from './data-test-error.js';
import { testQuery, testReads } from './test-query.js';
import type { ReadRelation, TestRelations } from './test-relations.js';

function errorOf(error: unknown): TestOutcome['error'] {
  if (error instanceof AmpDbtError) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'sql-error', message: error instanceof Error ? error.message : String(error), hint: null };
}

async function missingRelations(adapter: WarehouseAdapter, reads: ReadRelation[]): Promise<ReadRelation[]> {
  const missing: ReadRelation[] = [];
  for (const read of reads) if ((await adapter.columns(read.schema, read.identifier)) === null) missing.push(read);
  return missing;
}

/** Why a query failed: a relation missing from the environment (with what to run), else the warehouse's error. */
async function explainFailure(error: unknown, test: DataTest, adapter: WarehouseAdapter, relations: TestRelations): Promise<TestOutcome['error']> {
  const missing = await missingRelations(adapter, testReads(test, relations)).catch(() => []);
  if (missing.length === 0) return errorOf(error);
  const names = missing.map((r) => `${r.what} (${adapter.dialect.relation(r.schema, r.identifier)})`).join(', ');
  const hint = missing.some((r) => r.what.startsWith('model '))
    ? `build the environment first: amp-dbt run --env ${relations.environment}`
    : missing.some((r) => r.what.startsWith('seed ')) ? 'load the seeds first: amp-dbt seed'
      : 'load the source first (amp-dbt seed loads seeds/<source>/<table>.csv into it)';
  return errorOf(new DataTestError('missing-relation', `${names} ${missing.length === 1 ? 'does' : 'do'} not exist in environment '${relations.environment}'`, { hint }));
}

/** Whether `failures` meets a `warn_if` / `error_if` condition: `!= 0` (the default), `> 10`, `>= 5`, `= 0` ... */
function meets(condition: string, failures: number): boolean {
  const match = /^\s*(!=|<>|>=|<=|==|=|>|<)\s*(\d+)\s*$/.exec(condition);
  if (!match) {
    throw new DataTestError('invalid-test', `'${condition}' is not a condition on the number of failing rows`, { hint: "write it as dbt does: '!= 0', '> 10', '>= 5'" });
  }
  const n = Number(match[2]);
  switch (match[1]) {
    case '!=': case '<>': return failures !== n;
    case '>=': return failures >= n;
    case '<=': return failures <= n;
    case '>': return failures > n;
    case '<': return failures < n;
    default: return failures === n;
  }
}

/** As dbt judges a test: fail when error_if holds (severity error), else warn when warn_if holds, else pass. */
function statusOf(test: DataTest, failures: number): TestStatus {
  if (test.severity === 'error' && meets(test.errorIf ?? '!= 0', failures)) return 'fail';
  return meets(test.warnIf ?? '!= 0', failures) ? 'warn' : 'pass';
}

/** Runs one test: counts its failing rows and fetches a few of them to show. */
export async function runDataTest(test: DataTest, adapter: WarehouseAdapter, relations: TestRelations): Promise<TestOutcome> {
  const started = performance.now();
  const done = (outcome: Omit<TestOutcome, 'test' | 'ms'>): TestOutcome => ({ test, ...outcome, ms: Math.round(performance.now() - started) });
  let sql = '';
  try {
    sql = testQuery(test, relations, (name) => adapter.dialect.quote(name));
  } catch (error) {
    return done({ status: 'error', failures: null, sample: [], sql, error: errorOf(error) });
  }
  try {
    const failing = test.limit !== undefined ? `${sql}\nlimit ${test.limit}` : sql;
    const counted = await adapter.query(`select ${test.failCalc ?? 'count(*)'} as failures from (${failing}\n) as failing_rows`);
    const failures = Number(counted.rows[0]?.failures ?? Object.values(counted.rows[0] ?? {})[0] ?? 0);
    const status = statusOf(test, failures);
    if (status === 'pass') return done({ status, failures, sample: [], sql });
    // No more rows than `limit` counted (the sample would contradict the count).
    const sample = (await adapter.query(`select * from (${sql}\n) as failing_rows limit ${Math.min(SAMPLE_ROWS, test.limit ?? SAMPLE_ROWS)}`)).rows;
    return done({ status, failures, sample, sql });
  } catch (error) {
    return done({ status: 'error', failures: null, sample: [], sql, error: await explainFailure(error, test, adapter, relations) });
  }
}
