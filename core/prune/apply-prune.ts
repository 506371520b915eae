import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { PrunedRelation, PrunePlan, PruneReport } from './prune-types.js';

/** Told about each relation as its drop is done (failed ones with their error). */
export type PruneProgress = (relation: PrunedRelation, done: number, total: number, error?: string) => void;

/**
 * Drops the plan's relations one by one, in its order (never CASCADE: a view of someone's made since the
 * plan makes PostgreSQL refuse, and that relation is reported as failed and kept). `check` runs before each
 * drop and stops prune by throwing (its lease is lost).
 */
export async function applyPrune(
  warehouse: WarehouseAdapter, plan: PrunePlan, check: () => Promise<void>, progress?: PruneProgress,
): Promise<PruneReport> {
  const report: PruneReport = { ...plan, dryRun: false, dropped: [], failed: [] };
  let done = 0;
  for (const r of plan.drop) {
    await check();
    const statement = `DROP ${r.kind === 'view' ? 'VIEW' : 'TABLE'} IF EXISTS ${warehouse.dialect.relation(plan.physicalSchema, r.name)}`;
    try {
      await warehouse.execute(statement);
      report.dropped.push(r);
      progress?.(r, ++done, plan.drop.length);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      report.failed.push({ ...r, error: message });
      progress?.(r, ++done, plan.drop.length, message);
    }
  }
  return report;
}
