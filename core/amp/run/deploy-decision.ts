import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';
import { jobDataset } from '../jobs/job-dataset.js';
import { FINISHED_STATUSES } from '../jobs/job-status-filter.js';
import type { AmpRunStep } from './amp-run-types.js';

/** What a run does about a registered model's jobs: start one or not, and what to say about the one it has. */
export interface DeployDecision {
  /** Start a job: the step deploys and the version has none yet. */
  deploy: boolean;
  warnings: string[];
}

/**
 * Decides, from the newest job of a registered model's version (undefined: it has none), whether a run
 * starts a job for it (pure: `run` acts on it, `plan` shows it). A version that has a job keeps it, with
 * its own end block; one whose job failed is not deployed again, which is said, as it no longer advances.
 */
export function deployDecision(step: Pick<AmpRunStep, 'model' | 'deploy' | 'endBlock'>, dataset: string, newest: JobInfo | undefined): DeployDecision {
  const warnings: string[] = [];
  if (newest && step.deploy && step.endBlock !== null && jobDataset(newest)?.endBlock !== step.endBlock) {
    // An end block applies to a new job: this version has one, which keeps its own (a finished one is resumed as a new job).
    const fix = FINISHED_STATUSES.has(newest.status) ? '' : `amp-dbt jobs stop ${newest.id}, then `;
    warnings.push(`${dataset} already has job ${newest.id}, which keeps its end block (not ${step.endBlock}): ${fix}amp-dbt jobs resume ${step.model} --end-block ${step.endBlock}`);
  }
  if (newest && (newest.status === 'ERROR' || newest.status === 'FATAL' || newest.status === 'STOPPED')) {
    const what = newest.status === 'STOPPED' ? 'was stopped' : `is ${newest.status}`;
    warnings.push(`job ${newest.id} of ${dataset} ${what}: the dataset is not being built (amp-dbt jobs status ${newest.id}; amp-dbt jobs resume ${step.model})`);
  }
  return { deploy: step.deploy && !newest, warnings };
}
