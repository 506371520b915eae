import { AdapterError } from '../../warehouse/adapter-error.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { parseDatasetRef } from '../amp-naming.js';
import { jobServesData, type AdhocQuerySql } from './adhoc-datasets.js';
import type { AmpModelOutcome, AmpRunPlan, AmpRunStep } from './amp-run-types.js';
import { applyRegisteredStep, type StepContext } from './apply-amp-step.js';
import { readRevisionJobs } from './read-dataset-versions.js';
import { tagVersion } from './tag-environment.js';

/** Runs an ad-hoc model's query and resolves to the number of rows it returned. */
export type AdhocQuery = (sql: string, signal?: AbortSignal) => Promise<number>;

export interface ApplyAmpRunInput {
  admin: AdminClient;
  plan: AmpRunPlan;
  /** Ad-hoc models are skipped without one. */
  query?: AdhocQuery;
  /** Called as a model's work starts (a query, registering, deploying): not for one skipped. */
  started?: (step: AmpRunStep) => void;
  /** Called as each model finishes (progress lines, recording the result). */
  finished?: (outcome: AmpModelOutcome) => void;
  signal?: AbortSignal;
  /** How long a child's deploy waits for a parent's new job to start (default 5 s). */
  dependencyWaitMs?: number;
}

function outcomeOf(step: AmpRunStep, plan: AmpRunPlan): AmpModelOutcome {
  const dataset = step.draft ? `${plan.namespace}/${step.model}@${step.draft.version}` : null;
  return {
    model: step.model, path: step.path, fingerprint: step.fingerprint, action: step.action, status: 'skipped', dataset,
    manifestHash: step.knownHash, registered: false, tagged: null, jobId: null, deployed: false, rows: null, reads: [], durationMs: 0, error: null, warnings: [],
  };
}

/** An error's message; a server that cannot be reached or refused the request keeps its hint (which port or token to check), on a `hint:` line. */
const message = (error: unknown) => {
  if (error instanceof AdapterError && error.code === 'connect-failed' && error.hint) return `${error.message}\nhint: ${error.hint}`;
  return error instanceof Error ? error.message : String(error);
};

interface RunContext extends StepContext {
  /** Newest-job answers for datasets of models outside the run, read once per run. */
  servingOutside: Map<string, Promise<boolean>>;
}

/**
 * The datasets an ad-hoc query reads now (model -> reference): of the models it may read (step.datasets),
 * those the run reused whose newest job serves data, and those outside the run whose newest job does.
 */
async function servingDatasets(step: AmpRunStep, outcomes: ReadonlyMap<string, AmpModelOutcome>, context: RunContext): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const { model, dataset, inRun } of step.datasets ?? []) {
    if (inRun) {
      if (outcomes.get(model)?.status === 'reused' && context.serving.has(model)) out.set(model, dataset);
      continue;
    }
    let serving = context.servingOutside.get(dataset);
    if (!serving) {
      const ref = parseDatasetRef(dataset)!;
      serving = readRevisionJobs(context.admin, ref.namespace, ref.name, ref.revision).then(([newest]) => jobServesData(newest));
      context.servingOutside.set(dataset, serving);
    }
    if (await serving) out.set(model, dataset);
  }
  return out;
}

/** An ad-hoc model's query: over the datasets that serve data now, its other ancestors inlined. */
async function adhocQuery(step: AmpRunStep, outcomes: ReadonlyMap<string, AmpModelOutcome>, context: RunContext): Promise<AdhocQuerySql> {
  if (!step.sqlReading || !step.datasets?.length) return { sql: step.sql!, reads: [] };
  return step.sqlReading(await servingDatasets(step, outcomes, context));
}

/**
 * Applies a plan in its (topological) order. A model whose registered parent (for an ad-hoc one: any
 * ancestor) failed or was skipped is skipped; a failure does not stop the others. Ad-hoc models run their
 * query after the registered ones, reading from its dataset each registered ancestor the run reused (or
 * left out of it) whose newest job is RUNNING or COMPLETED, and inlining the others as before.
 * Only when every model succeeded (and the run was not cancelled) is the environment's version tagged on
 * the registered ones, as a SQL warehouse's views are repointed only then: a failed run leaves what the
 * environment serves as it was. Errors from the server are kept on the outcome with their message (the
 * clients keep tokens out).
 */
export async function applyAmpRun(input: ApplyAmpRunInput): Promise<AmpModelOutcome[]> {
  const { plan } = input;
  const context: RunContext = {
    admin: input.admin, environmentVersion: plan.environmentVersion, startedNow: new Set<string>(), dependencyWaitMs: input.dependencyWaitMs,
    serving: new Set<string>(), servingOutside: new Map(), signal: input.signal,
  };
  const outcomes = new Map<string, AmpModelOutcome>();
  const ordered = [...plan.steps.filter((s) => s.action !== 'adhoc'), ...plan.steps.filter((s) => s.action === 'adhoc')];
  for (const step of ordered) {
    const outcome = outcomeOf(step, plan);
    const started = performance.now();
    // A registered model reads its parents' datasets; an ad-hoc one reads or inlines its ancestors: either
    // way one that failed in this run would fail it again (or read what it failed to build).
    const failedParent = (step.draft?.parents ?? step.inlines ?? []).find((p) => { const o = outcomes.get(p); return o && (o.status === 'error' || o.status === 'skipped'); });
    if (input.signal?.aborted) outcome.error = 'the run was cancelled';
    else if (step.action === 'blocked') outcome.error = `parent '${step.blockedBy}' is not registered at its current fingerprint (select it too: --select +${step.model})`;
    else if (failedParent) {
      const how = outcomes.get(failedParent)!.status === 'error' ? 'failed' : 'was skipped';
      outcome.error = step.action === 'adhoc' ? `'${failedParent}', which its query depends on, ${how} in this run` : `parent '${failedParent}' was not registered`;
    }
    else if (step.action === 'adhoc' && !input.query) outcome.error = 'no query client';
    else {
      input.started?.(step);
      try {
        if (step.action === 'adhoc') {
          const query = await adhocQuery(step, outcomes, context);
          outcome.reads = query.reads;
          outcome.rows = await input.query!(query.sql, input.signal);
          outcome.status = 'success';
        } else {
          const { notStarted, ...applied } = await applyRegisteredStep(step, context);
          Object.assign(outcome, applied);
          outcome.status = notStarted ? 'skipped' : outcome.registered || outcome.deployed ? 'success' : 'reused';
          if (notStarted) outcome.error = notStarted;
        }
      } catch (error) {
        outcome.status = 'error';
        outcome.error = message(error);
      }
    }
    outcome.durationMs = Math.round(performance.now() - started);
    outcomes.set(step.model, outcome);
    input.finished?.(outcome);
  }
  const succeeded = [...outcomes.values()].every((o) => o.status === 'success' || o.status === 'reused');
  if (plan.environmentVersion && succeeded && !input.signal?.aborted) await tagEnvironment(input.admin, plan, outcomes);
  return plan.steps.map((s) => outcomes.get(s.model)!);
}

/** Tags the environment's version on every registered model's hash; a failed tag fails its model. */
async function tagEnvironment(admin: AdminClient, plan: AmpRunPlan, outcomes: Map<string, AmpModelOutcome>): Promise<void> {
  for (const step of plan.steps) {
    const outcome = outcomes.get(step.model)!;
    if (!step.draft || outcome.manifestHash === null) continue;
    try {
      if (await tagVersion(admin, step.draft.namespace, step.model, plan.environmentVersion!, outcome.manifestHash)) outcome.tagged = plan.environmentVersion;
    } catch (error) {
      outcome.status = 'error';
      outcome.error = `tagging ${plan.environmentVersion}: ${message(error)}`;
    }
  }
}
