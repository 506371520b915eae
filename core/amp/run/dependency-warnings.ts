import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';
import { parseDatasetRef } from '../amp-naming.js';
import type { ManifestDraft } from '../manifest/manifest-types.js';
import { readRevisionJobs } from './read-dataset-versions.js';

const HEALTHY = new Set(['RUNNING', 'COMPLETED']);
const POLL_MS = 100;

export interface DependencyCheckOptions {
  /** `namespace/name@version` of the datasets this run deployed: their new jobs are waited for. */
  startedNow: ReadonlySet<string>;
  /** How long to wait for a job started by this run to leave SCHEDULED (default 5 s). */
  waitMs?: number;
  /** Stops the wait (the run was cancelled). */
  signal?: AbortSignal;
}

/** The newest job of a dependency; for one this run started, polled until RUNNING/COMPLETED or `waitMs` passes. */
async function newestJob(admin: AdminClient, reference: string, options: DependencyCheckOptions): Promise<JobInfo | undefined> {
  const ref = parseDatasetRef(reference)!;
  const deadline = Date.now() + (options.startedNow.has(reference) ? options.waitMs ?? 5000 : 0);
  for (;;) {
    const [newest] = await readRevisionJobs(admin, ref.namespace, ref.name, ref.revision);
    if (!newest || HEALTHY.has(newest.status) || Date.now() >= deadline || options.signal?.aborted) return newest;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Warnings to show before a model is deployed: each dependency whose newest job is not RUNNING or
 * COMPLETED (the model's job would wait on it, or build from data that stopped). A parent deployed by
 * this run is given a moment to start first. A registered parent with no job at all is reported (it was
 * registered without deploying); an external dataset with none is not (raw data is often loaded outside
 * jobs, as on the local server).
 */
export async function dependencyWarnings(admin: AdminClient, draft: ManifestDraft, options: DependencyCheckOptions): Promise<string[]> {
  const warnings: string[] = [];
  for (const reference of Object.values(draft.dependencies)) {
    const ref = parseDatasetRef(reference);
    if (!ref) continue;
    const newest = await newestJob(admin, reference, options);
    const ours = ref.namespace === draft.namespace && draft.parents.includes(ref.name);
    if (!newest) {
      if (ours) warnings.push(`'${draft.model}' reads ${reference}, which has no job: its table stays empty until it is deployed (amp-dbt jobs resume ${ref.name})`);
    } else if (!HEALTHY.has(newest.status)) {
      warnings.push(`'${draft.model}' reads ${reference}, whose newest job ${newest.id} is ${newest.status} (not RUNNING or COMPLETED)`);
    }
  }
  return warnings;
}
