import type { CompileResult } from '../compile/compile-project.js';
import { sourceRelation } from '../compile/target-sql.js';
import { environmentRelation } from '../run/environment-schema.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { evaluateFreshness, freshnessAge } from './evaluate-freshness.js';
import { modelThresholds, sourceThresholds, type Thresholds } from './freshness-thresholds.js';
import type { FreshnessReport, FreshnessRow } from './freshness-types.js';
import { readLatest, type Latest, type Probe } from './read-latest.js';

export interface CheckFreshnessOptions {
  warehouse: WarehouseAdapter;
  result: CompileResult;
  environment: string;
  /** Models to report (topological order); ephemeral ones have no relation and are left out. */
  models: readonly string[];
  /** Source tables to report (`source.table`); every source table is read for the chain head. */
  sources: readonly string[];
  now: Date;
  /** Told as each relation's read starts and ends (a MAX over a large table may take a while). */
  progress?: { started(name: string): void; finished(name: string): void };
}

interface Measured {
  row: Omit<FreshnessRow, 'age' | 'status' | 'reason'>;
  latest: Latest;
  thresholds: Thresholds;
}

function measuredRow(name: string, kind: 'model' | 'source', probe: Probe, latest: Latest, thresholds: Thresholds): Measured {
  return {
    row: {
      name, kind, relation: `${probe.schema}.${probe.identifier}`, trackColumn: latest.trackColumn, trackKind: latest.trackKind,
      latestBlock: latest.latestBlock, latestTimestamp: latest.latestTimestamp, thresholds: thresholds.config,
    },
    latest, thresholds,
  };
}

/** The row's status against its thresholds, once the chain head is known. */
function finish({ row, latest, thresholds }: Measured, chainHead: number | null, now: Date): FreshnessRow {
  const age = freshnessAge({ ...latest, chainHead, noBlockReason: '', noTimeReason: '' }, now);
  const missing = latest.problem !== null && /^relation .* does not exist$/.test(latest.problem);
  if (!thresholds.config) {
    // A relation that is not there (an environment no run built yet, say) matters more than having no thresholds.
    return { ...row, age, status: 'unknown', reason: missing ? `${latest.problem}; ${thresholds.reason}` : thresholds.reason, ...(missing ? { relationMissing: true } : {}) };
  }
  if (latest.problem) return { ...row, age, status: latest.misconfigured ? 'error' : 'unknown', reason: latest.problem, ...(missing ? { relationMissing: true } : {}) };
  const values = {
    ...latest, chainHead,
    noBlockReason: `track column '${latest.trackColumn}' is a timestamp and ${row.relation} has no block_num or _block_num column`,
    noTimeReason: `track column '${latest.trackColumn}' holds block numbers: a time threshold needs a timestamp column`,
  };
  return { ...row, age, ...evaluateFreshness(thresholds.config, values, age) };
}

/**
 * Freshness of an environment (the status command): the latest value of each model's track column
 * (track_column, else block_num / _block_num) in the environment's view, and of each source table's
 * loaded_at_field; ages in blocks behind the chain head (the highest block of the source tables) or in
 * time behind `now`, against the model's freshness config, the source's freshness, or `monitoring`.
 */
export async function checkFreshness(options: CheckFreshnessOptions): Promise<FreshnessReport> {
  const { warehouse, result, environment, now } = options;
  const { monitoring } = result.project;
  let chainHead: number | null = null;
  const shown = new Set(options.sources);
  const measured: Measured[] = [];
  const read = async (name: string, probe: Probe) => {
    options.progress?.started(name);
    try {
      return await readLatest(warehouse, probe);
    } finally {
      options.progress?.finished(name);
    }
  };
  for (const [key, { source, table }] of result.sources) {
    const thresholds = sourceThresholds(table, monitoring);
    const probe: Probe = {
      schema: source.schema, identifier: table.identifier, relationSql: sourceRelation(source, table), trackColumn: table.loaded_at_field,
      ...(table.loadedAtFieldAt ? { trackColumnAt: table.loadedAtFieldAt } : {}),
      noTrackReason: `no loaded_at_field for source '${key}'`, filter: thresholds.config?.filter,
    };
    const latest = await read(key, probe);
    if (latest.maxBlock !== null) chainHead = Math.max(chainHead ?? latest.maxBlock, latest.maxBlock);
    if (shown.has(key)) measured.push(measuredRow(key, 'source', probe, latest, thresholds));
  }
  for (const name of options.models) {
    const model = result.byName.get(name);
    if (!model || model.materialized === 'ephemeral') continue;
    const relation = environmentRelation(model, result.target, environment);
    const thresholds = modelThresholds(model.config, monitoring);
    const probe: Probe = {
      schema: relation.schema, identifier: relation.identifier, relationSql: warehouse.dialect.relation(relation.schema, relation.identifier),
      trackColumn: typeof model.config.track_column === 'string' ? model.config.track_column : undefined,
      noTrackReason: 'no track column: set track_column, or give the model a block_num or _block_num column',
      filter: thresholds.config?.filter,
    };
    measured.push(measuredRow(name, 'model', probe, await read(name, probe), thresholds));
  }
  return { environment, chainHead, checkedAt: now.toISOString(), rows: measured.map((m) => finish(m, chainHead, now)) };
}
