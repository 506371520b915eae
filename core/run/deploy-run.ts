import type { RunStatus } from '../state/state-types.js';
import { checkEnvironmentSchemas } from './environment-views.js';
import { recordedDeploy, type DeployOutcome, type DeployRecord } from './recorded-deploy.js';
import { runEnvironment, type RunEnvironmentInput, type RunEnvironmentReport } from './run-environment.js';
import type { ModelOutcome } from './run-types.js';

export interface DeployRunInput extends RunEnvironmentInput, Omit<DeployRecord, 'environment'> {}

/** The run's report, its id and status, and where the environment's pointer is now (see DeployOutcome). */
export interface DeployRunReport extends RunEnvironmentReport, Omit<DeployOutcome<RunEnvironmentReport>, 'result'> {}

/**
 * `error` when nothing asked for was built, `partial` when some of it was: a failed model, or a selected
 * model blocked by a parent that was never built (the run did not build what it was asked to).
 */
function runStatus(report: RunEnvironmentReport, signal?: AbortSignal): RunStatus {
  if (signal?.aborted) return 'cancelled';
  const built = report.outcomes.some((o) => o.status === 'success' || o.builtMeanwhile);
  if (report.outcomes.some((o) => o.status === 'error' || o.action === 'blocked')) return built ? 'partial' : 'error';
  return report.failed ? 'error' : 'success';
}

function blocker(report: RunEnvironmentReport, signal?: AbortSignal): string | null {
  if (signal?.aborted) return 'the run was cancelled';
  if (report.failed) return 'the run failed';
  if (!report.complete) return 'some models of the commit are not built (run without --select to build them)';
  return null;
}

/**
 * A run on a SQL warehouse as a deploy (see recordedDeploy): builds what is not built, repoints the
 * environment's views, and moves its pointer to the commit only when every model of it is built and
 * nothing failed.
 */
export async function deployRun(input: DeployRunInput): Promise<DeployRunReport> {
  // A name the warehouse cannot hold is refused before anything is built or recorded.
  checkEnvironmentSchemas(input.result.models, input.result.target, input.environment);
  const outcome = await recordedDeploy(input, {
    run: async (record) => runEnvironment({
      ...input,
      // Where views amp-dbt made before they had the amp_dbt_view alias may be, should a table be altered.
      environments: (await input.store.listEnvironments(input.repo)).map((e) => e.name),
      progress: {
        started: (step) => input.progress?.started(step),
        finished: (o: ModelOutcome) => {
          // A table an incremental run altered (on_schema_change) keeps what was done in the result's details.
          record({ model: o.model, fingerprint: o.fingerprint, status: o.status, rows: o.rows, durationMs: o.durationMs, error: o.error, ...(o.altered ? { details: { altered: o.altered } } : {}) });
          input.progress?.finished(o);
        },
      },
    }),
    settle: (report) => ({ status: runStatus(report, input.signal), blocker: blocker(report, input.signal), changed: report.views !== null }),
  });
  const { result, ...deploy } = outcome;
  return { ...result, ...deploy };
}
