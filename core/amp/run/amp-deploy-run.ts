import { checkEnvironmentName } from '../../environments/check-environment-name.js';
import { environmentLockName, type StateStore } from '../../state/state-store.js';
import type { Environment, Manifest, ModelResultInput, RunStatus } from '../../state/state-types.js';
import type { AmpModelOutcome } from './amp-run-types.js';
import { applyAmpRun, type ApplyAmpRunInput } from './apply-amp-run.js';

const RUN_LOCK_TTL_MS = 10 * 60_000;
const RENEW_EVERY_MS = 60_000;

export interface AmpDeployRunInput extends ApplyAmpRunInput {
  store: StateStore;
  repo: string;
  actor: string;
  command: string;
  /** The commit the compiled project is, with its manifest; null for a working tree matching no commit. */
  commit: { sha: string; manifest: Manifest } | null;
  /** What the run is recorded under without a commit. */
  label: string;
  /** Whether every model of the project is in the plan (no --select): only then may the pointer move. */
  complete: boolean;
}

export interface AmpDeployRunReport {
  runId: number;
  status: RunStatus;
  outcomes: AmpModelOutcome[];
  environment: Environment | null;
  moved: boolean;
  notMoved: string | null;
}

/** A model's result as the state database keeps it (Amp's job id and manifest hash are on the server). */
export function modelResult(o: AmpModelOutcome): ModelResultInput {
  const details = o.dataset === null && o.manifestHash === null && o.jobId === null
    ? null
    : { dataset: o.dataset, manifestHash: o.manifestHash, jobId: o.jobId, registered: o.registered, deployed: o.deployed, tagged: o.tagged };
  return { model: o.model, fingerprint: o.fingerprint, status: o.status, rows: o.rows, durationMs: o.durationMs, error: o.error, details };
}

function runStatus(outcomes: AmpModelOutcome[], signal?: AbortSignal): RunStatus {
  if (signal?.aborted) return 'cancelled';
  const failed = outcomes.some((o) => o.status === 'error' || o.status === 'skipped');
  if (!failed) return 'success';
  return outcomes.some((o) => o.status === 'success' || o.status === 'reused') ? 'partial' : 'error';
}

/**
 * A run on Amp as a deploy (like deployRun for SQL warehouses): holds the environment's lock, records
 * the run and each model's result in the state database, and moves the environment's pointer to the
 * commit when every model of it is registered (and tagged) and nothing failed.
 */
export async function ampDeployRun(input: AmpDeployRunInput): Promise<AmpDeployRunReport> {
  const { store, repo } = input;
  const name = input.plan.environment;
  checkEnvironmentName(name);
  const lease = await store.acquireLock(repo, environmentLockName(name), `${input.actor} (run ${name})`, RUN_LOCK_TTL_MS);
  const renew = setInterval(() => { store.renewLock(repo, lease.name, lease.token, RUN_LOCK_TTL_MS).catch(() => undefined); }, RENEW_EVERY_MS);
  renew.unref();
  try {
    const before = await store.getEnvironment(repo, name);
    const runId = await store.startRun(repo, { environment: name, commit: input.commit?.sha ?? input.label, actor: input.actor, command: input.command });
    const writes: Promise<void>[] = [];
    let outcomes: AmpModelOutcome[];
    try {
      outcomes = await applyAmpRun({ ...input, finished: (o) => { writes.push(store.recordModelResult(runId, modelResult(o))); input.finished?.(o); } });
    } catch (error) {
      await Promise.allSettled(writes);
      await store.finishRun(runId, 'error');
      throw error;
    }
    await Promise.all(writes);
    const status = runStatus(outcomes, input.signal);
    await store.finishRun(runId, status);
    const pointer = await movePointer(input, status, before, { lock: lease.name, token: lease.token });
    return { runId, status, outcomes, ...pointer };
  } finally {
    clearInterval(renew);
    await store.releaseLock(repo, lease.name, lease.token).catch(() => undefined);
  }
}

async function movePointer(
  input: AmpDeployRunInput, status: RunStatus, before: Environment | null, fence: { lock: string; token: number },
): Promise<Pick<AmpDeployRunReport, 'environment' | 'moved' | 'notMoved'>> {
  const { store, repo } = input;
  const name = input.plan.environment;
  const stay = (notMoved: string) => ({ environment: before, moved: false, notMoved });
  if (status === 'cancelled') return stay('the run was cancelled');
  if (status !== 'success') return stay('some models failed or were skipped');
  if (!input.complete) return stay('not every model of the commit was selected (run without --select to move it)');
  if (!input.commit) return stay('the working tree differs from every commit (commit it to deploy it)');
  const to = input.commit.sha;
  if (before?.commit === to) return { environment: before, moved: false, notMoved: null };
  if (!before) return { environment: await store.createEnvironment(repo, name, to, input.actor), moved: true, notMoved: null };
  const move = await store.moveEnvironment(repo, name, { to, expected: before.commit, actor: input.actor, reason: 'deploy', fence });
  return { environment: { ...before, commit: move.to, updatedAt: move.movedAt, updatedBy: move.actor }, moved: true, notMoved: null };
}
