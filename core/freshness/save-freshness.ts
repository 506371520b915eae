import type { StateStore } from '../state/state-store.js';
import type { FreshnessRow } from './freshness-types.js';

/** The model-state name of a row: the model's name, or `source:<source>.<table>`. */
export function stateName(row: Pick<FreshnessRow, 'kind' | 'name'>): string {
  return row.kind === 'source' ? `source:${row.name}` : row.name;
}

/** Stores each row as model state of the environment (`fresh` is stored as `pass`). */
export async function saveFreshness(store: StateStore, repo: string, environment: string, rows: readonly FreshnessRow[], checkedAt: string): Promise<void> {
  for (const row of rows) {
    await store.setModelState(repo, environment, stateName(row), {
      latestBlock: row.latestBlock,
      latestTimestamp: row.latestTimestamp,
      freshness: row.status === 'fresh' ? 'pass' : row.status,
      checkedAt,
    });
  }
}
