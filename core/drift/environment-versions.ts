import { builtAtCommit } from '../run/built-at-commit.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, Manifest } from '../state/state-types.js';

/**
 * What the views of an environment at a commit read, as the runs at that commit left them: each model's
 * fingerprint from the newest successful run of the commit that built or reused it, the environment's own
 * runs first (a `--select` run leaves the other models' views as the run before made them, so the runs
 * before it count too); null: no such run.
 */
export interface LastDeploy {
  runId: number;
  fingerprints: ReadonlyMap<string, string>;
  /** The run each model's fingerprint comes from. */
  runIds?: ReadonlyMap<string, number>;
}

/** One environment (or one commit it pointed at) and the versions the state database says it uses. */
export interface EnvironmentVersions {
  name: string;
  commit: string;
  /** The commit's recorded manifest; null when the commit is not recorded. */
  manifest: Manifest | null;
  /** What its last deploy built (LastDeploy's fingerprints), which the views of its run-time models read. */
  deployed?: ReadonlyMap<string, string>;
}

/** Reads each commit's manifest once, however many environments point at it. */
export function manifestReader(store: StateStore, repo: string): (commit: string) => Promise<Manifest | null> {
  const byCommit = new Map<string, Promise<Manifest | null>>();
  return (commit) => {
    if (!byCommit.has(commit)) byCommit.set(commit, store.getManifest(repo, commit));
    return byCommit.get(commit)!;
  };
}

/** The versions of environment `environment` at `commit` (its current one, or one it pointed at before). */
export async function environmentVersions(
  store: StateStore, repo: string, environment: Environment, commit: string, manifestOf: (commit: string) => Promise<Manifest | null>,
): Promise<{ versions: EnvironmentVersions; lastDeploy: LastDeploy | null }> {
  const deploy = await lastDeploy(store, repo, environment.name, commit);
  return { versions: { name: environment.name, commit, manifest: await manifestOf(commit), deployed: deploy?.fingerprints }, lastDeploy: deploy };
}

async function lastDeploy(store: StateStore, repo: string, environment: string, commit: string): Promise<LastDeploy | null> {
  const deploys = await builtAtCommit(store, repo, commit, environment);
  if (deploys.length === 0) return null;
  const fingerprints = new Map<string, string>();
  const runIds = new Map<string, number>();
  for (const deploy of deploys) {
    for (const [model, fingerprint] of deploy.fingerprints) {
      if (fingerprints.has(model)) continue;
      fingerprints.set(model, fingerprint);
      runIds.set(model, deploy.runId);
    }
  }
  return { runId: deploys[0].runId, fingerprints, runIds };
}
