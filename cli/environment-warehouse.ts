import { printWarning } from './output.js';
import { plural } from '../core/util/plural.js';
import { existingSqlWarehouse } from './existing-warehouse.js';
import type { Target } from '../core/project/project-types.js';
import type { StateStore } from '../core/state/state-store.js';
import type { ViewSwap } from '../core/run/environment-views.js';
import type { WarehouseAdapter } from '../core/warehouse/warehouse-adapter.js';

export interface ViewRepointer {
  /** Repoints the environment's views at commit `to`'s built versions (the `beforeMove` of a pointer move). */
  beforeMove: (to: string) => Promise<void>;
  /** Drops the environment's views (those of the models of its commit `at`); returns them. */
  dropViews: (at: string) => Promise<string[]>;
  /** Releases the warehouse; call it whether or not the move happened. */
  close: () => Promise<void>;
}

/**
 * What a create, promote or rollback does on a SQL warehouse that runs have built into: repoint the
 * environment's views at the commit's built versions; on Amp: tag the environment's version on the
 * manifest hashes the commit's models were registered at. Null (the pointer moves alone) for a DuckDB
 * warehouse that does not exist yet. The warehouse starts opening at once, while the state
 * database is read. `swapped` receives what changed.
 */
export function viewRepointer(
  store: StateStore, repo: string, projectDir: string, target: Target, environment: string, swapped: (swap: ViewSwap) => void,
): ViewRepointer | null {
  if (target.type === 'amp') return ampTagger(store, repo, target, environment, swapped);
  if (!existingSqlWarehouse(target, projectDir)) return null;
  const opening: Promise<WarehouseAdapter> = import('../core/warehouse/open-warehouse.js').then((m) => m.openWarehouse(target, { baseDir: projectDir }));
  opening.catch(() => undefined); // reported when it is used
  return {
    async beforeMove(to: string) {
      const { repointEnvironment } = await import('../core/run/repoint-environment.js');
      const adapter = await opening;
      const manifest = await store.getManifest(repo, to);
      if (!manifest) return;
      const current = await store.getEnvironment(repo, environment);
      const previous = current && current.commit !== to ? (await store.getManifest(repo, current.commit))?.models : undefined;
      const { builtAtCommit } = await import('../core/run/built-at-commit.js');
      const swap = await repointEnvironment(adapter, target, environment, manifest, previous, await builtAtCommit(store, repo, to, environment));
      if (swap) swapped(swap);
    },
    async dropViews(at: string) {
      const { dropEnvironmentViews } = await import('../core/run/repoint-environment.js');
      const adapter = await opening;
      const manifest = await store.getManifest(repo, at);
      return dropEnvironmentViews(adapter, target, environment, manifest?.models ?? []);
    },
    async close() {
      await (await opening.catch(() => null))?.close();
    },
  };
}

/** On Amp the environment is a version tag on each registered model's manifest hash (see tagEnvironment); delete removes the tags. */
function ampTagger(store: StateStore, repo: string, target: Target, environment: string, swapped: (swap: ViewSwap) => void): ViewRepointer {
  return {
    async beforeMove(to: string) {
      const manifest = await store.getManifest(repo, to);
      if (!manifest) return;
      const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
      const { tagEnvironment } = await import('../core/amp/run/tag-environment.js');
      const { ampNamespace } = await import('../core/amp/amp-naming.js');
      const tagged = await tagEnvironment(adminClientForTarget(target), ampNamespace(target), environment, manifest);
      const { environmentVersion } = await import('../core/amp/amp-naming.js');
      // An environment no tag can name changes nothing on Amp: the warning says so, and no '0 tagged' line follows.
      if (environmentVersion(environment) === null) printWarning(`environment '${environment}': its name cannot be a semantic version, so it is kept in the state database only (no tag on Amp)`);
      else swapped({ updated: tagged.length, dropped: [] });
    },
    async dropViews(at: string) {
      const manifest = await store.getManifest(repo, at);
      if (!manifest) return [];
      const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
      const { untagEnvironment } = await import('../core/amp/run/tag-environment.js');
      const { ampNamespace } = await import('../core/amp/amp-naming.js');
      const { removed, kept } = await untagEnvironment(adminClientForTarget(target), ampNamespace(target), environment, manifest);
      if (kept.length) {
        printWarning(`kept ${plural(kept.length, 'version tag')} of '${environment}' on Amp (${kept.join(', ')}): Amp does not delete a version of the manifest 'latest' points at`);
      }
      return removed;
    },
    close: async () => undefined,
  };
}
