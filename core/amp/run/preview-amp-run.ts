import { mapConcurrent } from '../../git/map-concurrent.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';
import { parseDatasetRef } from '../amp-naming.js';
import { jobServesData } from './adhoc-datasets.js';
import type { AmpAction, AmpRunPlan, AmpRunStep } from './amp-run-types.js';
import { deployDecision } from './deploy-decision.js';
import { readRevisionJobs } from './read-dataset-versions.js';
import { tagMoves } from './tag-environment.js';

/** What a run would do with one model (`plan` on an amp target). */
export interface AmpPlannedStep {
  model: string;
  path: string;
  fingerprint: string;
  action: AmpAction;
  /** `namespace/name@version` a registered model is registered as. */
  dataset: string | null;
  /** The manifest hash the server has at that version (reused models), else null. */
  manifestHash: string | null;
  /** The newest job of that version on the server. */
  job: { id: number; status: string } | null;
  /** Whether the run would start a job (the version has none). */
  deploy: boolean;
  /** The end block of the job it would start (null: never stops). */
  endBlock: string | null;
  /**
   * The environment's tag on the model's dataset: the manifest hash it points at now (null: none) and
   * whether the run would move it. Null for models that are not tagged (ad-hoc, or no environment version).
   */
  tag: { current: string | null; moves: boolean } | null;
  blockedBy: string | null;
  /**
   * Ad-hoc models: the datasets the query would read instead of inlining their models (registered ancestors
   * the run reuses, or that are not in it, whose newest job is RUNNING or COMPLETED now).
   */
  reads: string[];
  /** What the run would warn about (a failed job it does not deploy again, an end block it cannot apply). */
  warnings: string[];
}

export interface AmpRunPreview {
  namespace: string;
  environment: string;
  /** The environment's version tag, null when its name cannot be one (kept in the state database only). */
  environmentVersion: string | null;
  steps: AmpPlannedStep[];
  summary: { register: number; reuse: number; deploy: number; adhoc: number; blocked: number; tag: number };
}

/** The newest job of each reused version, read at most 8 at a time; versions to register have none. */
async function newestJobs(admin: AdminClient, plan: AmpRunPlan): Promise<Map<string, JobInfo | undefined>> {
  const reused = plan.steps.filter((s) => s.action === 'reuse' && s.draft);
  const jobs = await mapConcurrent(reused, 8, async (s) => (await readRevisionJobs(admin, plan.namespace, s.model, s.draft!.version))[0]);
  return new Map(reused.map((s, i) => [s.model, jobs[i]]));
}

/** The newest job of each dataset outside the run an ad-hoc query may read (by reference). */
async function outsideJobs(admin: AdminClient, plan: AmpRunPlan): Promise<Map<string, JobInfo | undefined>> {
  const references = [...new Set(plan.steps.flatMap((s) => (s.datasets ?? []).filter((d) => !d.inRun).map((d) => d.dataset)))];
  const jobs = await mapConcurrent(references, 8, async (reference) => {
    const ref = parseDatasetRef(reference)!;
    return (await readRevisionJobs(admin, ref.namespace, ref.name, ref.revision))[0];
  });
  return new Map(references.map((r, i) => [r, jobs[i]]));
}

/** The datasets an ad-hoc step's query would read, decided as the run decides (jobServesData). */
function adhocReads(step: AmpRunStep, jobs: ReadonlyMap<string, JobInfo | undefined>, outside: ReadonlyMap<string, JobInfo | undefined>): string[] {
  if (!step.sqlReading || !step.datasets?.length) return [];
  const serving = step.datasets.filter((d) => jobServesData(d.inRun ? jobs.get(d.model) : outside.get(d.dataset)));
  return step.sqlReading(new Map(serving.map((d) => [d.model, d.dataset]))).reads;
}

/**
 * What `applyAmpRun` would do with `plan`, without doing it: the server is only read (the newest job of
 * each reused version, and of each dataset outside the run an ad-hoc query may read). `versions` is what the plan was made from (readServerVersions): it also holds the
 * environment's tags. The same rules as the run decide: `deployDecision` whether a job starts, `tagMoves`
 * whether a tag moves. Tags move only when every model succeeds, so none would with a blocked model.
 */
export async function previewAmpRun(admin: AdminClient, plan: AmpRunPlan, versions: ReadonlyMap<string, ReadonlyMap<string, string>>): Promise<AmpRunPreview> {
  const [jobs, outside] = await Promise.all([newestJobs(admin, plan), outsideJobs(admin, plan)]);
  const blocked = plan.steps.some((s) => s.action === 'blocked');
  const steps = plan.steps.map((step): AmpPlannedStep => {
    const dataset = step.draft ? `${plan.namespace}/${step.model}@${step.draft.version}` : null;
    const out: AmpPlannedStep = {
      model: step.model, path: step.path, fingerprint: step.fingerprint, action: step.action, dataset, manifestHash: step.knownHash,
      job: null, deploy: false, endBlock: null, tag: null, blockedBy: step.blockedBy, reads: [], warnings: [],
    };
    if (step.action === 'adhoc') out.reads = adhocReads(step, jobs, outside);
    if (!dataset || step.action === 'adhoc' || step.action === 'blocked') return out;
    const newest = jobs.get(step.model);
    const decision = deployDecision(step, dataset, newest);
    out.job = newest ? { id: newest.id, status: newest.status } : null;
    out.deploy = decision.deploy;
    out.endBlock = decision.deploy ? step.endBlock : null;
    out.warnings = decision.warnings;
    out.tag = tagOf(step, plan, versions, blocked);
    return out;
  });
  const count = (test: (s: AmpPlannedStep) => boolean) => steps.filter(test).length;
  return {
    namespace: plan.namespace, environment: plan.environment, environmentVersion: plan.environmentVersion, steps,
    summary: {
      register: count((s) => s.action === 'register'), reuse: count((s) => s.action === 'reuse'), deploy: count((s) => s.deploy),
      adhoc: count((s) => s.action === 'adhoc'), blocked: count((s) => s.action === 'blocked'), tag: count((s) => s.tag?.moves === true),
    },
  };
}

function tagOf(step: AmpRunStep, plan: AmpRunPlan, versions: ReadonlyMap<string, ReadonlyMap<string, string>>, blocked: boolean): AmpPlannedStep['tag'] {
  if (plan.environmentVersion === null) return null;
  const current = versions.get(step.model)?.get(plan.environmentVersion);
  return { current: current ?? null, moves: !blocked && tagMoves(current, step.knownHash) };
}
