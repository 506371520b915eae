import { environmentLockName, type StateStore } from '../state/state-store.js';
import type { Environment, Manifest, RunStatus } from '../state/state-types.js';
import { checkEnvironmentName } from '../environments/check-environment-name.js';
import { runEnvironment, type RunEnvironmentInput, type RunEnvironmentReport } from './run-environment.js';
import type { ModelOutcome, RunProgress } from './run-types.js';

/** A deploy may take long: the environment's lease is renewed while it runs. */
const RUN_LOCK_TTL_MS = 10 * 60_000;
const RENEW_EVERY_MS = 60_000;

export interface DeployRunInput extends RunEnvironmentInput {
  store: StateStore;
  repo: string;
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
}

export interface DeployRunReport extends RunEnvironmentReport {
  runId: number;
  status: RunStatus;
  /** The environment after the run; its pointer moved when `moved`. */
  environment: Environment | null;
  moved: boolean;
  /** Why the pointer did not move, when it did not. */
  notMoved: string | null;
}

function runStatus(report: RunEnvironmentReport, signal?: AbortSignal): RunStatus {
  if (signal?.aborted) return 'cancelled';
  if (report.outcomes.some((o) => o.status === 'error')) return report.outcomes.some((o) => o.status === 'success') ? 'partial' : 'error';
  return report.failed ? 'error' : 'success';
}

/**
 * A run as a deploy (DESIGN section 4): holds the environment's lock, records the run and every model's
 * result, and moves the environment's pointer to the commit only when every model of it is built and
 * nothing failed (a compare-and-swap fenced by the lock's token).
 */
export async function deployRun(input: DeployRunInput): Promise<DeployRunReport> {
  const { store, repo, environment: name } = input;
  checkEnvironmentName(name);
  const lease = await store.acquireLock(repo, environmentLockName(name), `${input.actor} (run ${name})`, RUN_LOCK_TTL_MS);
  const renew = setInterval(() => { store.renewLock(repo, lease.name, lease.token, RUN_LOCK_TTL_MS).catch(() => undefined); }, RENEW_EVERY_MS);
  renew.unref();
  try {
    const before = await store.getEnvironment(repo, name);
    const runId = await store.startRun(repo, { environment: name, commit: input.commit?.sha ?? input.label, actor: input.actor, command: input.command });
    const writes: Promise<void>[] = [];
    const progress: RunProgress = {
      started: (step) => input.progress?.started(step),
      finished: (o: ModelOutcome) => {
        writes.push(store.recordModelResult(runId, { model: o.model, fingerprint: o.fingerprint, status: o.status, rows: o.rows, durationMs: o.durationMs, error: o.error }));
        input.progress?.finished(o);
      },
    };
    let report: RunEnvironmentReport;
    try {
      report = await runEnvironment({ ...input, progress });
    } catch (error) {
      await Promise.allSettled(writes);
      await store.finishRun(runId, 'error');
      throw error;
    }
    await Promise.all(writes);
    const status = runStatus(report, input.signal);
    await store.finishRun(runId, status);
    const pointer = await movePointer(input, report, before, { lock: lease.name, token: lease.token });
    return { ...report, runId, status, ...pointer };
  } finally {
    clearInterval(renew);
    await store.releaseLock(repo, lease.name, lease.token).catch(() => undefined);
  }
}

async function movePointer(
  input: DeployRunInput, report: RunEnvironmentReport, before: Environment | null, fence: { lock: string; token: number },
): Promise<Pick<DeployRunReport, 'environment' | 'moved' | 'notMoved'>> {
  const { store, repo, environment: name } = input;
  const stay = (notMoved: string) => ({ environment: before, moved: false, notMoved });
  if (input.signal?.aborted) return stay('the run was cancelled');
  if (report.failed) return stay('the run failed');
  if (!report.complete) return stay('some models of the commit are not built (run without --select to build them)');
  if (!input.commit) return stay(input.noCommitReason ?? 'the working tree differs from every commit (commit it to deploy it)');
  const to = input.commit.sha;
  if (before?.commit === to) return { environment: before, moved: false, notMoved: null };
  if (!before) return { environment: await store.createEnvironment(repo, name, to, input.actor), moved: true, notMoved: null };
  const move = await store.moveEnvironment(repo, name, { to, expected: before.commit, actor: input.actor, reason: 'deploy', fence });
  return { environment: { ...before, commit: move.to, updatedAt: move.movedAt, updatedBy: move.actor }, moved: true, notMoved: null };
}
