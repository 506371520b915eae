import type { StateStore } from '../state/state-store.js';

/** How many of the newest runs are searched for deploys of a commit (a few hundred `+dirty` runs may follow one). */
const DEPLOY_SEARCH = 500;
/** How many of those deploys are read. */
const DEPLOYS_READ = 10;

/** The fingerprints one successful run of a commit built or reused, by model. */
export interface DeployedVersions {
  runId: number;
  environment: string;
  fingerprints: ReadonlyMap<string, string>;
}

/**
 * The versions the successful runs of `commit` built or reused, newest first: the runs into `environment`
 * first, then those into any other environment (a promotion or rollback is no run: the versions it shows
 * are those a run built). Empty when no successful run deployed the commit. They differ from the commit's
 * recorded ones for models whose SQL holds the run's start time (`run_started_at`): a recording renders a
 * fixed time, a run the real one, so the recorded version of such a model is never built.
 */
export async function builtAtCommit(store: StateStore, repo: string, commit: string, environment?: string): Promise<DeployedVersions[]> {
  const own = environment === undefined ? [] : await store.listRuns(repo, { environment, limit: DEPLOY_SEARCH });
  const all = await store.listRuns(repo, { limit: DEPLOY_SEARCH });
  const deploys = [...own, ...all.filter((r) => r.environment !== environment)]
    .filter((r) => r.commit === commit && r.status === 'success').slice(0, DEPLOYS_READ);
  const out: DeployedVersions[] = [];
  for (const deploy of deploys) {
    const run = await store.getRun(deploy.id);
    if (!run) continue;
    const built = run.models.filter((m) => m.status === 'success' || m.status === 'reused');
    out.push({ runId: run.id, environment: run.environment, fingerprints: new Map(built.map((m) => [m.model, m.fingerprint])) });
  }
  return out;
}
