import { nearest } from '../util/did-you-mean.js';
import { AdapterError } from '../warehouse/adapter-error.js';
import type { QueryValue, WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { Location } from '../project/project-types.js';
import type { TrackKind } from './freshness-types.js';
import { blockColumn, trackKind } from './track-kind.js';

/** A relation to measure. */
export interface Probe {
  schema: string;
  identifier: string;
  /** The relation as SQL (a source may name a database too). */
  relationSql: string;
  /** The configured track column (track_column, loaded_at_field); undefined looks for a block column. */
  trackColumn?: string;
  /** Where the track column is configured, when known (a source's loaded_at_field in its property file). */
  trackColumnAt?: Location;
  /** What to say when there is neither a configured track column nor a block column. */
  noTrackReason: string;
  /** freshness `filter`: a condition on the rows measured. */
  filter?: string;
}

export interface Latest {
  trackColumn: string | null;
  trackKind: TrackKind | null;
  latestBlock: number | null;
  latestTimestamp: string | null;
  /** The highest block in the whole relation (unfiltered), for the chain head. */
  maxBlock: number | null;
  blockColumn: string | null;
  /** Why nothing could be measured (missing relation, no track column, no rows). */
  problem: string | null;
  /**
   * The problem is the configuration's (a track column or loaded_at_field the relation lacks, a filter or
   * expression that does not apply to it), not the data's: the check fails rather than knowing nothing.
   */
  misconfigured?: boolean;
}

const asNumber = (value: QueryValue | undefined): number | null => (value === null || value === undefined || value === '' ? null : Number(value));
const asText = (value: QueryValue | undefined): string | null => (value === null || value === undefined ? null : String(value));

/** The latest value of the relation's track column (and of its block column) in one query. */
export async function readLatest(warehouse: WarehouseAdapter, probe: Probe): Promise<Latest> {
  const result: Latest = { trackColumn: null, trackKind: null, latestBlock: null, latestTimestamp: null, maxBlock: null, blockColumn: null, problem: null };
  const columns = await warehouse.columns(probe.schema, probe.identifier);
  if (!columns) return { ...result, problem: `relation ${probe.schema}.${probe.identifier} does not exist` };
  const block = blockColumn(columns);
  result.blockColumn = block?.name ?? null;
  const track = probe.trackColumn === undefined ? block : columns.find((c) => c.name.toLowerCase() === probe.trackColumn!.toLowerCase());
  // dbt's loaded_at_field may be an SQL expression (`cast(loaded as timestamp)`): a timestamp, as in dbt.
  const expression = probe.trackColumn !== undefined && !track && !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(probe.trackColumn);
  if (expression) {
    result.trackColumn = probe.trackColumn!;
    result.trackKind = 'timestamp';
  } else if (probe.trackColumn !== undefined && !track) {
    const typo = nearest(probe.trackColumn, columns.map((c) => c.name));
    result.problem = `track column '${probe.trackColumn}'${writtenAt(probe)} is not a column of ${probe.schema}.${probe.identifier}: ${typo ? `did you mean '${typo}'?` : `its columns are ${columns.map((c) => c.name).join(', ')}`}`;
    result.misconfigured = true;
  }
  else if (!track) result.problem = probe.noTrackReason;
  else {
    const kind = trackKind(track.type);
    if (!kind) result.problem = `track column '${track.name}' has type ${track.type}: neither block numbers nor a timestamp`;
    result.trackColumn = track.name;
    result.trackKind = kind ?? null;
  }
  if (!block && !result.trackKind) return result;
  const q = (name: string) => warehouse.dialect.quote(name);
  const where = probe.filter ? ` FILTER (WHERE ${probe.filter})` : '';
  const select = [
    result.trackKind ? `max(${expression ? result.trackColumn : q(result.trackColumn!)})${where} AS latest` : 'NULL AS latest',
    block ? `max(${q(block.name)})${where} AS latest_block, max(${q(block.name)}) AS max_block` : 'NULL AS latest_block, NULL AS max_block',
  ];
  let row: Record<string, QueryValue>;
  try {
    row = (await warehouse.query(`SELECT ${select.join(', ')} FROM ${probe.relationSql}`)).rows[0] ?? {};
  } catch (error) {
    // The relation as written cannot be read (a source naming a database the warehouse does not have, say):
    // this row's problem, not the end of the whole check.
    if (!(error instanceof AdapterError) || error.code !== 'sql-error') throw error;
    const message = error.message.split('\n')[0];
    // Readable without the filter or expression: those are what is wrong.
    if ((probe.filter || expression) && (await readable(warehouse, probe.relationSql))) {
      const what = probe.filter ? `filter '${probe.filter}'` : `loaded_at_field '${probe.trackColumn}'${writtenAt(probe)}`;
      return { ...result, trackKind: null, problem: `the freshness ${what} does not apply to ${probe.relationSql}: ${message}`, misconfigured: true };
    }
    return { ...result, trackKind: null, problem: `${probe.relationSql} cannot be read: ${message}` };
  }
  result.maxBlock = asNumber(row.max_block);
  if (!result.trackKind) return result;
  const latest = row.latest;
  if (latest === null || latest === undefined) return { ...result, problem: probe.filter ? 'no rows match the freshness filter' : 'no rows' };
  if (result.trackKind === 'block') result.latestBlock = asNumber(latest);
  else {
    result.latestTimestamp = asText(latest);
    result.latestBlock = asNumber(row.latest_block);
  }
  return result;
}

/** ` (models/sources.yml:9:24)`: where the track column is configured, when known. */
const writtenAt = (probe: Probe) => (probe.trackColumnAt ? ` (${probe.trackColumnAt.file}:${probe.trackColumnAt.line}:${probe.trackColumnAt.column})` : '');

async function readable(warehouse: WarehouseAdapter, relationSql: string): Promise<boolean> {
  return warehouse.query(`SELECT 1 FROM ${relationSql} LIMIT 0`).then(() => true, () => false);
}
