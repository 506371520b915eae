import { notRecordedError } from '../environments/environment-errors.js';
import { requireEnvironment } from '../environments/require-environment.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, Manifest } from '../state/state-types.js';
import { environmentVersions, manifestReader, type EnvironmentVersions, type LastDeploy } from './environment-versions.js';

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
  lastDeploy: LastDeploy | null;
  /**
   * Every environment of the repository (this one too); manifest null when its commit is not recorded.
   * `deployed`: the fingerprints its last deploy built (lastDeploy's), which the views of its run-time models read.
   */
  environments: EnvironmentVersions[];
}

/** `environment-not-found` (with a did-you-mean) or `commit-not-recorded` when there is nothing to compare. */
export async function loadDriftInputs(store: StateStore, repo: string, name: string): Promise<DriftInputs> {
  const environment = await requireEnvironment(store, repo, name);
  const manifestOf = manifestReader(store, repo);
  const manifest = await manifestOf(environment.commit);
  if (!manifest) throw notRecordedError(repo, environment.commit);
  const environments: DriftInputs['environments'] = [];
  let own: DriftInputs['lastDeploy'] = null;
  for (const e of await store.listEnvironments(repo)) {
    // The versions another environment's last deploy built for its run-time models are what its views read: not orphans.
    const { versions, lastDeploy } = await environmentVersions(store, repo, e, e.commit, manifestOf);
    if (e.name === environment.name) own = lastDeploy;
    environments.push(versions);
  }
  return { environment, manifest, environments, lastDeploy: own };
}
