import { AmpDbtError } from '../../errors.js';
import { JOB_STATUSES, type JobStatus, type JobStatusFilter } from '../../warehouse/amp/admin/job-types.js';

/**
 * `--status` of `jobs list`: `active` (not finished), `all`, or statuses separated by commas, in any case
 * (`running,error`). Statuses are upper case on the server; an unknown one is an error listing them.
 */
export function parseJobStatusFilter(text: string): JobStatusFilter {
  const lower = text.trim().toLowerCase();
  if (lower === 'active' || lower === 'all') return lower;
  const statuses = lower.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  const unknown = statuses.find((s) => !(JOB_STATUSES as readonly string[]).includes(s));
  if (unknown !== undefined || statuses.length === 0) {
    throw new AmpDbtError('invalid-job-status', `'${unknown ?? text}' is not a job status`, {
      hint: `use active, all, or some of ${JOB_STATUSES.join(', ')} (separated by commas)`,
    });
  }
  return statuses as JobStatus[];
}

/** Statuses after which a job does no more work. */
export const FINISHED_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'STOPPED', 'ERROR', 'FATAL']);
