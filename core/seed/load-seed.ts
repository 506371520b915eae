import { AmpDbtError } from '../errors.js';
import type { QueryValue, RelationInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';
import { inspectSeed } from './inspect-seed.js';
import { replaceTable, stagingName } from './replace-table.js';
import { SeedError } from './seed-error.js';
import type { SeedFile } from './seed-file.js';
import { seedParseError, shortMessage } from './seed-parse-error.js';
import { seedSelectSql, type SeedPlan } from './seed-read-sql.js';

/** Rows per INSERT statement when a seed is copied into a warehouse other than DuckDB. */
const INSERT_BATCH = 500;
/** The reader's table holding a parsed seed on its way to another warehouse. */
const PARSED = 'amp_dbt_seed_rows';

export interface LoadSeedContext {
  target: WarehouseAdapter;
  /** The in-memory DuckDB that parses files for targets that cannot read them themselves. */
  reader: () => Promise<WarehouseAdapter>;
  warn(message: string): void;
}

function loadFailed(seed: SeedFile, error: unknown): SeedError {
  const message = error instanceof Error ? error.message : String(error);
  const dependents = /depend/i.test(message);
  return new SeedError('seed-load-failed', `cannot replace ${seed.schema}.${seed.identifier} with ${seed.path}: ${dependents ? fewDependents(message) : shortMessage(message)}`, {
    location: { file: seed.path, line: 1, column: 1 },
    hint: dependents
      ? 'views depend on the table and its columns changed (columns added at the end of the file are added in place; others cannot be): drop the views (or the environment built on them) first, then seed again and rebuild'
      : `the old table is unchanged; ${causeHint(error) ?? 'fix the problem and seed again'}`,
    cause: error,
  });
}

/** What the warehouse's error says to do (a lost connection: run again once the server answers), if anything. */
function causeHint(error: unknown): string | null {
  return error instanceof AmpDbtError ? error.hint : null;
}

/** Dependent objects PostgreSQL's DETAIL names that a message repeats; the others are counted. */
const DEPENDENTS_SHOWN = 3;

/**
 * A refused DROP: PostgreSQL's DETAIL names every object depending on the table, one a line, and with a few
 * environments over a seed that is hundreds of views; the first few are enough to say what holds it.
 */
function fewDependents(message: string): string {
  const [head, detail = ''] = message.split('\nDETAIL: ');
  const lines = detail.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length <= DEPENDENTS_SHOWN) return shortMessage(message);
  return `${shortMessage(head)}; DETAIL: ${lines.slice(0, DEPENDENTS_SHOWN).join('; ')}; and ${lines.length - DEPENDENTS_SHOWN} more`;
}

/**
 * The table (or view) the seed replaces, read inside its transaction once the staging table is created: a
 * second `amp-dbt seed` of the same file at once waits at that CREATE (PostgreSQL's catalog holds one
 * staging table of a name) until the first commits, and then finds the table the first made, where a look
 * before the transaction found none and the swap failed on the name (a first seed of a fresh warehouse).
 */
async function existingRelation(session: WarehouseSession, seed: SeedFile): Promise<RelationInfo | undefined> {
  return (await session.listRelations(seed.schema)).find((r) => r.name === seed.identifier);
}

async function countRows(session: Pick<WarehouseSession, 'query'>, relation: string): Promise<number> {
  const { rows } = await session.query(`SELECT count(*) AS n FROM ${relation}`);
  return Number(rows[0]?.n ?? 0);
}

/** DuckDB reads the file itself: CREATE TABLE AS over read_csv / read_parquet, then the swap, in one transaction. */
async function loadIntoDuckDB(seed: SeedFile, plan: SeedPlan, context: LoadSeedContext): Promise<number> {
  const { target } = context;
  const staged = target.dialect.relation(seed.schema, stagingName(seed.identifier));
  return target.transaction(async (session) => {
    await session.execute(`DROP TABLE IF EXISTS ${staged}`);
    try {
      await session.execute(`CREATE TABLE ${staged} AS ${seedSelectSql(seed, plan)}`);
    } catch (error) {
      throw seedParseError(seed, error);
    }
    const rows = await countRows(session, staged);
    const existing = await existingRelation(session, seed);
    await replaceTable(session, target, seed.schema, seed.identifier, existing).catch((error) => { throw loadFailed(seed, error); });
    return rows;
  });
}

/** Other warehouses: the reader parses the file, then batched INSERTs of literals fill a staging table, then the swap. */
async function loadThroughReader(seed: SeedFile, plan: SeedPlan, context: LoadSeedContext): Promise<number> {
  const { target } = context;
  const reader = await context.reader();
  try {
    await reader.execute(`CREATE OR REPLACE TABLE ${PARSED} AS ${seedSelectSql(seed, plan)}`);
  } catch (error) {
    throw seedParseError(seed, error);
  }
  const rows = await countRows(reader, PARSED);
  const staged = target.dialect.relation(seed.schema, stagingName(seed.identifier));
  const { columns } = plan;
  const names = columns.map((c) => target.dialect.quote(c.name)).join(', ');
  try {
    await target.transaction(async (session) => {
      await session.execute(`DROP TABLE IF EXISTS ${staged}`);
      await session.execute(`CREATE TABLE ${staged} (${columns.map((c) => `${target.dialect.quote(c.name)} ${c.targetType}`).join(', ')})`);
      const existing = await existingRelation(session, seed);
      for (let offset = 0; offset < rows; offset += INSERT_BATCH) {
        const batch = await reader.query(`SELECT * FROM ${PARSED} ORDER BY rowid LIMIT ${INSERT_BATCH} OFFSET ${offset}`);
        const values = batch.rows.map((row) => `(${columns.map((c) => target.dialect.literal(row[c.name] as QueryValue, c.targetType)).join(', ')})`);
        await session.execute(`INSERT INTO ${staged} (${names}) VALUES\n${values.join(',\n')}`);
      }
      // PostgreSQL ties views to the table: columns the file gained at its end are added to it in place.
      await replaceTable(session, target, seed.schema, seed.identifier, existing, columns);
    });
  } catch (error) {
    throw error instanceof SeedError ? error : loadFailed(seed, error);
  } finally {
    await reader.execute(`DROP TABLE IF EXISTS ${PARSED}`);
  }
  return rows;
}

/**
 * Loads one seed file as a table, replacing the previous one atomically: the new rows are built in a
 * staging table inside a transaction and swapped in at COMMIT, so a file that does not parse (or a
 * warehouse that refuses it) leaves the old table as it was. Returns the number of rows loaded.
 */
export async function loadSeed(seed: SeedFile, context: LoadSeedContext): Promise<number> {
  const { target } = context;
  const parser = target.type === 'duckdb' ? target : await context.reader();
  const plan = await inspectSeed(seed, { parser, target, warn: context.warn });
  await target.ensureSchema(seed.schema);
  return target.type === 'duckdb' ? loadIntoDuckDB(seed, plan, context) : loadThroughReader(seed, plan, context);
}
