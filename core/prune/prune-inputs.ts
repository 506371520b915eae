import { environmentVersions, manifestReader, type EnvironmentVersions } from '../drift/environment-versions.js';
import type { StateStore } from '../state/state-store.js';

/** What the state database says is in use: every environment now, and the commits each pointed at before. */
export interface PruneInputs {
  /** Every environment of the repository key, at its current commit. */
  environments: EnvironmentVersions[];
  /** The `keepHistory` latest commits each environment pointed at before its current one (newest first). */
  history: EnvironmentVersions[];
  keepHistory: number;
}

/** Reads each environment, its manifest and last deploy, and those of its `keepHistory` previous commits. */
export async function loadPruneInputs(store: StateStore, repo: string, keepHistory: number): Promise<PruneInputs> {
  const manifestOf = manifestReader(store, repo);
  const environments: EnvironmentVersions[] = [];
  const history: EnvironmentVersions[] = [];
  for (const e of await store.listEnvironments(repo)) {
    environments.push((await environmentVersions(store, repo, e, e.commit, manifestOf)).versions);
    for (const commit of await previousCommits(store, repo, e.name, e.commit, keepHistory)) {
      history.push((await environmentVersions(store, repo, e, commit, manifestOf)).versions);
    }
  }
  return { environments, history, keepHistory };
}

/** The `count` latest distinct commits an environment pointed at before `current` (what `env rollback` goes back to first). */
async function previousCommits(store: StateStore, repo: string, environment: string, current: string, count: number): Promise<string[]> {
  if (count === 0) return [];
  const commits: string[] = [];
  for (const move of await store.environmentHistory(repo, environment)) {
    for (const commit of [move.to, move.from]) {
      if (commit !== null && commit !== current && !commits.includes(commit)) commits.push(commit);
    }
    if (commits.length >= count) break;
  }
  return commits.slice(0, count);
}
