import { physicalSchema } from '../plan/physical-relation.js';
import type { Target } from '../project/project-types.js';
import { isEnvironmentLock, type StateStore } from '../state/state-store.js';
import type { Lease } from '../state/state-types.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { applyPrune, type PruneProgress } from './apply-prune.js';
import { planPrune } from './plan-prune.js';
import { pruneOnAmpError, unrecordedEnvironmentsError } from './prune-errors.js';
import { loadPruneInputs } from './prune-inputs.js';
import type { PrunePlan, PruneReport } from './prune-types.js';
import { withPruneLock } from './with-prune-lock.js';

export interface PruneOptions {
  store: StateStore;
  repo: string;
  target: Target;
  /** Opened only once the state database has been read (and, unless a dry run, the prune lock taken). */
  openWarehouse: () => Promise<WarehouseAdapter>;
  /** Who prunes, for the lock (`alice (prune)`). */
  owner: string;
  /** How many earlier commits of each environment keep their versions (what `env rollback` goes back to). */
  keepHistory: number;
  dryRun: boolean;
  /** Go on when environments point at unrecorded commits (their relations are then kept only while a view reads them). */
  allowUnrecorded: boolean;
  progress?: PruneProgress;
  /** A dry run takes no lock: told about the environment locks held now (their deploys may change what is needed). */
  onLocksHeld?: (held: Lease[]) => void;
}

/**
 * Drops the physical relations no environment of the target needs (or, on a dry run, says which it would):
 * deciding and dropping under the prune lock, so no run or move of an environment's views runs meanwhile.
 */
export async function prunePhysical(options: PruneOptions): Promise<PruneReport> {
  if (options.target.type === 'amp') throw pruneOnAmpError(options.target.name);
  const { store, repo } = options;
  if (options.dryRun) {
    const held = (await store.listLocks(repo)).filter((l) => isEnvironmentLock(l.name));
    if (held.length) options.onLocksHeld?.(held);
    const { plan, warehouse } = await decide(options);
    await warehouse.close();
    return { ...plan, dryRun: true, dropped: plan.drop, failed: [] };
  }
  return withPruneLock(store, repo, options.owner, async (hold) => {
    const { plan, warehouse } = await decide(options);
    try {
      return await applyPrune(warehouse, plan, hold.check, options.progress);
    } finally {
      await warehouse.close();
    }
  });
}

/** Reads the state database and the warehouse and plans; the warehouse stays open for the drops. */
async function decide(options: PruneOptions): Promise<{ plan: PrunePlan; warehouse: WarehouseAdapter }> {
  const inputs = await loadPruneInputs(options.store, options.repo, options.keepHistory);
  const unrecorded = inputs.environments.filter((e) => !e.manifest);
  if (unrecorded.length && !options.allowUnrecorded) {
    throw unrecordedEnvironmentsError(options.repo, unrecorded.map((e) => ({ environment: e.name, commit: e.commit })));
  }
  const warehouse = await options.openWarehouse();
  try {
    const schema = physicalSchema(options.target);
    const plan = planPrune({ physicalSchema: schema, relations: await warehouse.listRelations(schema), views: await warehouse.listViews(), inputs });
    return { plan, warehouse };
  } catch (error) {
    await warehouse.close();
    throw error;
  }
}
