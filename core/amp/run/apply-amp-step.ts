import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { arrowFields } from '../manifest/arrow-fields.js';
import { completeManifest, schemaRequest } from '../manifest/build-manifest.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { jobServesData } from './adhoc-datasets.js';
import type { AmpModelOutcome, AmpRunStep } from './amp-run-types.js';
import { deployDecision } from './deploy-decision.js';
import { dependencyWarnings } from './dependency-warnings.js';
import { readRevisionJobs } from './read-dataset-versions.js';

export interface StepContext {
  admin: AdminClient;
  environmentVersion: string | null;
  /** `namespace/name@version` of every dataset this run deployed so far. */
  startedNow: Set<string>;
  /** How long to wait for a parent's job started by this run to be RUNNING before deploying a child. */
  dependencyWaitMs?: number;
  /** Models the run reused whose newest job serves data (jobServesData): ad-hoc queries read their datasets. */
  serving: Set<string>;
  /** Ctrl-C: a model being registered when it came starts no job (nor waits any longer for its parents' jobs). */
  signal?: AbortSignal;
}

type Registered = Pick<AmpModelOutcome, 'manifestHash' | 'registered' | 'tagged' | 'jobId' | 'deployed' | 'warnings'> & {
  /** Why the job was not started although it was to be (the run was cancelled while the model was being applied). */
  notStarted?: string;
};

/** Registers a draft: POST /schema infers its columns (and validates its SQL), POST /datasets stores it at its version. */
async function register(admin: AdminClient, draft: ManifestDraft): Promise<string> {
  const schema = await admin.analyzeSchema(schemaRequest(draft));
  const manifest = completeManifest(draft, arrowFields(schema.schemas, draft.model));
  const response = await admin.registerDataset(draft.namespace, draft.model, draft.version, manifest);
  return response.manifest_hash;
}

/**
 * One registered model on the server: register its manifest when the fingerprint is new and, when
 * deploying, start a job only if the hash has none (deployDecision; warning first about dependencies whose
 * jobs are not healthy). The environment's version is tagged later, once every model succeeded (tag-environment.ts's tagVersion).
 */
export async function applyRegisteredStep(step: AmpRunStep, context: StepContext): Promise<Registered> {
  const { admin } = context;
  const draft = step.draft!;
  const out: Registered = { manifestHash: step.knownHash, registered: false, tagged: null, jobId: null, deployed: false, warnings: [] };
  if (step.action === 'register') {
    out.manifestHash = await register(admin, draft);
    out.registered = true;
  }
  const dataset = `${draft.namespace}/${draft.model}@${draft.version}`;
  const [newest] = await readRevisionJobs(admin, draft.namespace, draft.model, draft.version);
  out.jobId = newest?.id ?? null;
  const decision = deployDecision(step, dataset, newest);
  out.warnings.push(...decision.warnings);
  if (step.action === 'reuse' && jobServesData(newest)) context.serving.add(step.model);
  if (decision.deploy) {
    out.warnings.push(...await dependencyWarnings(admin, draft, { startedNow: context.startedNow, waitMs: context.dependencyWaitMs, signal: context.signal }));
    if (context.signal?.aborted) {
      out.notStarted = `the run was cancelled before its job started (amp-dbt jobs resume ${step.model} starts it)`;
      return out;
    }
    const { job_id } = await admin.deploy(draft.namespace, draft.model, draft.version, { endBlock: step.endBlock });
    out.jobId = job_id;
    out.deployed = true;
    context.startedNow.add(dataset);
  }
  return out;
}

