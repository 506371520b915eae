import { checkEnvironmentName, checkNewEnvironmentName } from '../environments/check-environment-name.js';
import { acquireEnvironmentLock } from '../environments/acquire-environment-lock.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, Manifest, ModelResultInput, RunStatus } from '../state/state-types.js';

/** A deploy may take long: the environment's lease is renewed while it runs. */
/** A run renews its lease while it runs: a run killed (kill -9, a lost runner) frees its environment within the TTL. */
const RUN_LOCK_TTL_MS = 2 * 60_000;
const RENEW_EVERY_MS = 20_000;

/** Where a run is recorded and which environment it deploys. */
export interface DeployRecord {
  store: StateStore;
  repo: string;
  environment: string;
  actor: string;
  /** The command line, kept with the run. */
  command: string;
  /**
   * The commit the compiled project is, with its recorded manifest; null for a working tree that differs
   * from every commit (the run happens, the pointer does not move).
   */
  commit: { sha: string; manifest: Manifest } | null;
  /** What the run is recorded under when `commit` is null (e.g. `<HEAD sha>+dirty`). */
  label: string;
  /** Why there is no commit, for the report (default: the working tree differs from every commit). */
  noCommitReason?: string;
  /**
   * Without `commit`: the commit the run is based on, if any, and what it is to the run: the commit given
   * with --commit (`run`: a `+env` or `+vars` run of it), or the one the working tree, or a --vars build
   * of it, is based on (`working-tree`). A new environment is created there, so the views the run makes
   * belong to an environment that can be listed and deleted.
   */
  basedOn?: BasedOn;
  /**
   * Given, once the run is recorded and the environment's lock held, what to do before the process quits
   * half-way (a second Ctrl-C): the run is recorded as cancelled and the lock released, so neither stays
   * "running" nor blocks the next deploy until the lease expires.
   */
  onAbandon?: (abandon: () => Promise<void>) => void;
  /**
   * Called once the environment's lock is held and the run recorded, before any work: `abandoned` counts the
   * earlier runs of the environment still recorded as running (their process is gone) now marked abandoned.
   */
  onStart?: (started: { runId: number; abandoned: number }) => void;
}

/** The commit a run without a deployable commit is based on (DeployRecord.basedOn). */
export interface BasedOn {
  sha: string;
  of: 'run' | 'working-tree';
}

/** How notMoved names the commit a new environment was created at. */
const BASED_ON_WORDS: Record<BasedOn['of'], string> = {
  run: 'the commit of the run',
  'working-tree': 'the commit the working tree is based on',
};

/** The work of one deploy on some warehouse. */
export interface DeployWork<T> {
  /** Does the work, handing each model's result to `record` as soon as it is known. */
  run(record: (result: ModelResultInput) => void): Promise<T>;
  /**
   * The run's status, why the pointer must stay where it is (null: it may move to the commit), and whether
   * the run changed what the environment serves (its views, or its tags on Amp) all the same.
   */
  settle(result: T): { status: RunStatus; blocker: string | null; changed: boolean };
}

export interface DeployOutcome<T> {
  result: T;
  runId: number;
  status: RunStatus;
  /** The environment after the run; its pointer moved when `moved`. */
  environment: Environment | null;
  moved: boolean;
  /** Why the pointer did not move, when it did not. */
  notMoved: string | null;
}

export const DIRTY_TREE = 'the working tree differs from every commit (commit it to deploy it)';

/**
 * A run as a deploy (DESIGN section 4), whatever the warehouse: holds the environment's lock (renewed),
 * records the run and every model's result, and moves the environment's pointer to the commit when the
 * work allows it, as a compare-and-swap fenced by the lock's token.
 */
export async function recordedDeploy<T>(record: DeployRecord, work: DeployWork<T>): Promise<DeployOutcome<T>> {
  const { store, repo, environment: name } = record;
  checkEnvironmentName(name);
  if (!(await store.getEnvironment(repo, name))) await checkNewEnvironmentName(store, repo, name);
  const lease = await acquireEnvironmentLock(store, repo, name, `${record.actor} (run ${name})`, RUN_LOCK_TTL_MS);
  const renew = setInterval(() => { store.renewLock(repo, lease.name, lease.token, RUN_LOCK_TTL_MS).catch(() => undefined); }, RENEW_EVERY_MS);
  renew.unref();
  try {
    const before = await store.getEnvironment(repo, name);
    const runId = await store.startRun(repo, { environment: name, commit: record.commit?.sha ?? record.label, actor: record.actor, command: record.command });
    const abandoned = await store.abandonRuns(repo, name, runId);
    record.onStart?.({ runId, abandoned });
    record.onAbandon?.(async () => {
      await store.finishRun(runId, 'cancelled').catch(() => undefined);
      await store.releaseLock(repo, lease.name, lease.token).catch(() => undefined);
    });
    const writes: Promise<void>[] = [];
    let result: T;
    try {
      result = await work.run((r) => { writes.push(store.recordModelResult(runId, r)); });
    } catch (error) {
      await Promise.allSettled(writes);
      await store.finishRun(runId, 'error');
      throw error;
    }
    await Promise.all(writes);
    const { status, blocker, changed } = work.settle(result);
    // The run is finished once its pointer is where it should be: a failed move is a failed run.
    const pointer = await movePointer(record, blocker, changed, before, { lock: lease.name, token: lease.token }).catch(async (error: unknown) => {
      await store.finishRun(runId, 'error');
      throw error;
    });
    await store.finishRun(runId, status);
    return { result, runId, status, ...pointer };
  } finally {
    clearInterval(renew);
    await store.releaseLock(repo, lease.name, lease.token).catch(() => undefined);
  }
}

/**
 * Where the environment's pointer goes after the run. A new environment whose views (or tags) the run made
 * without moving a pointer to its commit (a --select run, a dirty working tree, a `+env` or `+vars` run) is
 * created at the commit the run was of (--commit's) or the working tree is based on, so what the run made
 * can be listed and deleted.
 */
async function movePointer(
  record: DeployRecord, blocker: string | null, changed: boolean, before: Environment | null, fence: { lock: string; token: number },
): Promise<Pick<DeployOutcome<unknown>, 'environment' | 'moved' | 'notMoved'>> {
  const { store, repo, environment: name } = record;
  const stay = (notMoved: string) => ({ environment: before, moved: false, notMoved });
  // The commit a new environment is created at: the run's, else the one the run is based on.
  const at: BasedOn | undefined = record.commit ? { sha: record.commit.sha, of: 'run' } : record.basedOn;
  const createAt = async (reason: string) => {
    if (before || !at || !changed) return stay(reason);
    const created = await store.createEnvironment(repo, name, at.sha, record.actor);
    return { environment: created, moved: false, notMoved: `${reason}; the environment was created at ${at.sha.slice(0, 12)}, ${BASED_ON_WORDS[at.of]}` };
  };
  if (blocker) return createAt(blocker);
  if (!record.commit) return createAt(record.noCommitReason ?? DIRTY_TREE);
  const to = record.commit.sha;
  if (before?.commit === to) return { environment: before, moved: false, notMoved: null };
  if (!before) return { environment: await store.createEnvironment(repo, name, to, record.actor), moved: true, notMoved: null };
  const move = await store.moveEnvironment(repo, name, { to, expected: before.commit, actor: record.actor, reason: 'deploy', fence });
  return { environment: { ...before, commit: move.to, updatedAt: move.movedAt, updatedBy: move.actor }, moved: true, notMoved: null };
}
