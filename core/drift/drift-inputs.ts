import { notRecordedError } from '../environments/environment-errors.js';
import { requireEnvironment } from '../environments/require-environment.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, Manifest } from '../state/state-types.js';
import { builtAtCommit } from '../run/built-at-commit.js';

/** What the state database says exists: the environment, its manifest, and every environment's manifest. */
export interface DriftInputs {
  environment: Environment;
  manifest: Manifest;
  /**
   * The fingerprints the environment's successful runs at its commit built or reused, by model, each from the
   * newest run that has it (`runIds`; a --select run has a few models only), else (the environment was
   * promoted or rolled back to the commit) from another environment's runs, as builtAtCommit; null: no such
   * run. They differ from the manifest's for models whose SQL holds the run's start time
   * (`run_started_at`): a recording renders a fixed time, a run the real one.
   */
  lastDeploy: { runId: number; fingerprints: ReadonlyMap<string, string>; runIds?: ReadonlyMap<string, number> } | null;
  /**
   * Every environment of the repository (this one too); manifest null when its commit is not recorded.
   * `deployed`: the fingerprints its last deploy built (lastDeploy's), which the views of its run-time models read.
   */
  environments: Array<{ name: string; manifest: Manifest | null; deployed?: ReadonlyMap<string, string> }>;
}

/** `environment-not-found` (with a did-you-mean) or `commit-not-recorded` when there is nothing to compare. */
export async function loadDriftInputs(store: StateStore, repo: string, name: string): Promise<DriftInputs> {
  const environment = await requireEnvironment(store, repo, name);
  const byCommit = new Map<string, Manifest | null>();
  const manifestOf = async (commit: string) => {
    if (!byCommit.has(commit)) byCommit.set(commit, await store.getManifest(repo, commit));
    return byCommit.get(commit)!;
  };
  const manifest = await manifestOf(environment.commit);
  if (!manifest) throw notRecordedError(repo, environment.commit);
  const environments: DriftInputs['environments'] = [];
  let own: DriftInputs['lastDeploy'] = null;
  for (const e of await store.listEnvironments(repo)) {
    // The versions another environment's last deploy built for its run-time models are what its views read: not orphans.
    const deployed = await lastDeploy(store, repo, e);
    if (e.name === environment.name) own = deployed;
    environments.push({ name: e.name, manifest: await manifestOf(e.commit), deployed: deployed?.fingerprints });
  }
  return { environment, manifest, environments, lastDeploy: own };
}

/**
 * What the environment's views read, as the runs at its commit left them: each model's fingerprint from the
 * newest successful run at the commit that built or reused it, the environment's own runs first. A
 * `--select` run (successful, its pointer not moved) leaves the other models' views as the run before made
 * them, so the runs before it count too.
 */
async function lastDeploy(store: StateStore, repo: string, environment: Environment): Promise<DriftInputs['lastDeploy']> {
  const deploys = await builtAtCommit(store, repo, environment.commit, environment.name);
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
