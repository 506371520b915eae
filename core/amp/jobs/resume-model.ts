import { AmpDbtError } from '../../errors.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { readDatasetVersions, readRevisionJobs } from '../run/read-dataset-versions.js';
import { FINISHED_STATUSES } from './job-status-filter.js';

export interface ResumeResult {
  jobId: number;
  /** False when the newest job had not finished (nothing was started). */
  started: boolean;
  status: string;
}

/**
 * `jobs resume MODEL`: starts a job for a registered model's revision (its fingerprint's version, or an
 * environment's version) when its newest job has finished (stopped, failed or completed); a job still
 * scheduled or running is left alone. `not-registered` when the server has no such version.
 */
export async function resumeModel(admin: AdminClient, namespace: string, model: string, revision: string, endBlock: string | null): Promise<ResumeResult> {
  const versions = await readDatasetVersions(admin, namespace, model);
  if (!versions.has(revision)) {
    // An environment's version exists once a run into it succeeded (or env create/promote tagged it).
    const environment = /^0\.0\.0-env\.(.+)$/.exec(revision)?.[1];
    throw new AmpDbtError('not-registered', `${namespace}/${model}@${revision} is not registered on the Amp server`, {
      hint: environment !== undefined
        ? `environment '${environment}' has no version of '${model}' on this server: check its name (amp-dbt env list), or run it (amp-dbt run --target <amp target> --env ${environment})`
        : 'register it first: amp-dbt run --target <amp target> --register',
    });
  }
  const [newest] = await readRevisionJobs(admin, namespace, model, revision);
  if (newest && !FINISHED_STATUSES.has(newest.status)) return { jobId: newest.id, started: false, status: newest.status };
  const { job_id } = await admin.deploy(namespace, model, revision, { endBlock });
  return { jobId: job_id, started: true, status: 'SCHEDULED' };
}
