import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { physicalSchema } from '../core/plan/physical-relation.js';
import type { Target } from '../core/project/project-types.js';
import type { StateStore } from '../core/state/state-store.js';
import type { ViewSwap } from '../core/run/environment-views.js';

/**
 * The `beforeMove` of a promote or rollback on a SQL warehouse that runs have built into: repoints the
 * environment's views at the commit's built versions. Undefined (the pointer moves alone) for an Amp
 * target, or a warehouse no run has built into yet. `swapped` receives what changed.
 */
export async function viewRepointer(
  store: StateStore, repo: string, projectDir: string, target: Target, environment: string, swapped: (swap: ViewSwap) => void,
): Promise<((to: string) => Promise<void>) | undefined> {
  if (target.type !== 'duckdb' && target.type !== 'postgres') return undefined;
  if (target.type === 'duckdb') {
    const path = String(target.path ?? '');
    if (path !== ':memory:' && !existsSync(resolve(projectDir, path))) return undefined;
  }
  return async (to: string) => {
    const { openWarehouse } = await import('../core/warehouse/open-warehouse.js');
    const { repointEnvironment } = await import('../core/run/repoint-environment.js');
    const adapter = await openWarehouse(target, { baseDir: projectDir });
    try {
      if ((await adapter.listRelations(physicalSchema(target))).length === 0) return;
      const manifest = await store.getManifest(repo, to);
      if (!manifest) return;
      swapped(await repointEnvironment(adapter, target, environment, manifest));
    } finally {
      await adapter.close();
    }
  };
}
