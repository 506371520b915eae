import { AmpDbtError } from '../errors.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { SAMPLE_ROWS, type DataTest, type TestOutcome } from './data-test.js';
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
    const counted = await adapter.query(`select count(*) as failures from (${sql}\n) as failing_rows`);
    const failures = Number(counted.rows[0]?.failures ?? Object.values(counted.rows[0] ?? {})[0] ?? 0);
    if (failures === 0) return done({ status: 'pass', failures, sample: [], sql });
    const sample = (await adapter.query(`select * from (${sql}\n) as failing_rows limit ${SAMPLE_ROWS}`)).rows;
    return done({ status: test.severity === 'warn' ? 'warn' : 'fail', failures, sample, sql });
  } catch (error) {
    return done({ status: 'error', failures: null, sample: [], sql, error: await explainFailure(error, test, adapter, relations) });
  }
}
