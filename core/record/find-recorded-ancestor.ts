import type { StateStore } from '../state/state-store.js';
import type { CommitSnapshot } from './commit-snapshot.js';

/** How far back along first parents a recording looks for a recorded ancestor. */
export const ANCESTOR_SEARCH_DEPTH = 64;

/**
 * The nearest first-parent ancestor of the snapshot's commit with a manifest in the store, at most
 * `depth` commits back; null when there is none (or the history is cut off, as in a shallow clone).
 */
export async function findRecordedAncestor(
  store: StateStore, repo: string, snapshot: CommitSnapshot, depth = ANCESTOR_SEARCH_DEPTH,
): Promise<{ commit: string; distance: number } | null> {
  let commit: string | null = snapshot.parents[0] ?? null;
  for (let distance = 1; commit !== null && distance <= depth; distance++) {
    if (await store.hasManifest(repo, commit)) return { commit, distance };
    try {
      commit = await snapshot.firstParent(commit);
    } catch {
      return null;
    }
  }
  return null;
}
