import { notRecordedError } from '../environments/environment-errors.js';
import { requireEnvironment } from '../environments/require-environment.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, Manifest } from '../state/state-types.js';

/** What the state database says exists: the environment, its manifest, and every environment's manifest. */
export interface DriftInputs {
  environment: Environment;
  manifest: Manifest;
  /** Every environment of the repository (this one too); manifest null when its commit is not recorded. */
  environments: Array<{ name: string; manifest: Manifest | null }>;
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
  for (const e of await store.listEnvironments(repo)) environments.push({ name: e.name, manifest: await manifestOf(e.commit) });
  return { environment, manifest, environments };
}
