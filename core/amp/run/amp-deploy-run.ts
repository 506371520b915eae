import { recordedDeploy, type DeployOutcome, type DeployRecord } from '../../run/recorded-deploy.js';
import type { ModelResultInput, RunStatus } from '../../state/state-types.js';
import type { AmpModelOutcome } from './amp-run-types.js';
import { applyAmpRun, type ApplyAmpRunInput } from './apply-amp-run.js';

export interface AmpDeployRunInput extends ApplyAmpRunInput, Omit<DeployRecord, 'environment'> {
  /** Whether every model of the project is in the plan (no --select): only then may the pointer move. */
  complete: boolean;
}

export interface AmpDeployRunReport extends Omit<DeployOutcome<AmpModelOutcome[]>, 'result'> {
  outcomes: AmpModelOutcome[];
}

/** A model's result as the state database keeps it, with its dataset, manifest hash and job id (an ad-hoc one: the datasets it read) as details. */
export function modelResult(o: AmpModelOutcome): ModelResultInput {
  // An ad-hoc query keeps the datasets it read, when it read any.
  const details = o.dataset === null && o.manifestHash === null && o.jobId === null
    ? (o.reads.length ? { reads: o.reads } : null)
    : { dataset: o.dataset, manifestHash: o.manifestHash, jobId: o.jobId, registered: o.registered, deployed: o.deployed, tagged: o.tagged };
  return { model: o.model, fingerprint: o.fingerprint, status: o.status, rows: o.rows, durationMs: o.durationMs, error: o.error, details };
}

function runStatus(outcomes: AmpModelOutcome[], signal?: AbortSignal): RunStatus {
  if (signal?.aborted) return 'cancelled';
  const failed = outcomes.some((o) => o.status === 'error' || o.status === 'skipped');
  if (!failed) return 'success';
  return outcomes.some((o) => o.status === 'success' || o.status === 'reused') ? 'partial' : 'error';
}

function blocker(input: AmpDeployRunInput, status: RunStatus): string | null {
  if (status === 'cancelled') return 'the run was cancelled';
  if (status !== 'success') return 'some models failed or were skipped';
  if (!input.complete) return 'not every model of the commit was selected (run without --select to move it)';
  return null;
}

/**
 * A run on Amp as a deploy (see recordedDeploy, as for SQL warehouses): holds the environment's lock,
 * records the run and each model's result in the state database, and moves the environment's pointer to
 * the commit when every model of it is registered (and tagged) and nothing failed.
 */
export async function ampDeployRun(input: AmpDeployRunInput): Promise<AmpDeployRunReport> {
  const outcome = await recordedDeploy({ ...input, environment: input.plan.environment }, {
    run: (record) => applyAmpRun({ ...input, finished: (o) => { record(modelResult(o)); input.finished?.(o); } }),
    settle: (outcomes) => {
      const status = runStatus(outcomes, input.signal);
      // Tags move only after a run in which every model succeeded (applyAmpRun).
      return { status, blocker: blocker(input, status), changed: status === 'success' && input.plan.environmentVersion !== null };
    },
  });
  const { result: outcomes, ...deploy } = outcome;
  return { ...deploy, outcomes };
}
