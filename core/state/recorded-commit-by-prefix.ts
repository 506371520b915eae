import { GitError } from '../git/git-error.js';
import type { StateStore } from './state-store.js';

/**
 * The recorded commit an abbreviated sha (4 to 39 hex digits) names, read from the state database as a full
 * sha is when git lacks the commit (a shallow clone, history rewritten since it was recorded); null when no
 * recorded commit starts with it or `ref` is no abbreviated sha. Several: ambiguous-commit, as git says of an
 * abbreviation matching several objects.
 */
export async function recordedCommitByPrefix(store: StateStore, repo: string, ref: string): Promise<string | null> {
  const short = ref.trim().toLowerCase();
  if (!/^[0-9a-f]{4,39}$/.test(short)) return null;
  const matches = (await store.listManifests(repo)).map((m) => m.commit).filter((commit) => commit.startsWith(short));
  if (matches.length > 1) {
    throw new GitError('ambiguous-commit', `the abbreviated sha '${ref}' matches ${matches.length} recorded commits (${matches.map((m) => m.slice(0, 12)).sort().join(', ')})`, {
      hint: 'give more hex digits of the sha',
    });
  }
  return matches[0] ?? null;
}
