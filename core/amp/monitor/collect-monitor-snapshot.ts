import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { JobInfo, JobProgressResponse } from '../../warehouse/amp/admin/job-types.js';
import { jobDataset, jobDatasetLabel } from '../jobs/job-dataset.js';
import { jobErrorText } from '../jobs/job-error-text.js';

export interface MonitorTable {
  name: string;
  startBlock: number | null;
  currentBlock: number | null;
  files: number;
  bytes: number;
}

export interface MonitorJob {
  id: number;
  status: string;
  dataset: string;
  manifestHash: string | null;
  endBlock: string | null;
  updatedAt: string;
  tables: MonitorTable[];
  /** Why progress could not be read, or why a failed job failed (its error detail as text: jobErrorText). */
  note: string | null;
  /** A failed job's error detail as the server gave it (JSON). */
  detail: unknown;
}

/** What the dashboard shows at one moment. */
export interface MonitorSnapshot {
  takenAt: string;
  jobs: MonitorJob[];
  /** Jobs per status among those shown. */
  counts: Record<string, number>;
}

function tablesOf(progress: JobProgressResponse): MonitorTable[] {
  return Object.entries(progress.tables).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, t]) => ({
    name, startBlock: t.start_block ?? null, currentBlock: t.current_block ?? null, files: t.files_count, bytes: t.total_size_bytes,
  }));
}

async function monitorJob(admin: AdminClient, job: JobInfo): Promise<MonitorJob> {
  const dataset = jobDataset(job);
  const base = { id: job.id, status: job.status, dataset: jobDatasetLabel(job), manifestHash: dataset?.manifestHash ?? null, endBlock: dataset?.endBlock ?? null, updatedAt: job.updated_at };
  try {
    const progress = await admin.getJobProgress(job.id);
    return { ...base, status: progress.job_status || job.status, tables: tablesOf(progress), note: jobErrorText(progress.detail), detail: progress.detail ?? null };
  } catch (error) {
    return { ...base, tables: [], note: `progress unavailable: ${error instanceof Error ? error.message : String(error)}`, detail: null };
  }
}

/** The newest `limit` jobs (any status) with each one's per-table progress, read in parallel. */
export async function collectMonitorSnapshot(admin: AdminClient, options: { limit?: number; now?: () => Date } = {}): Promise<MonitorSnapshot> {
  const page = await admin.listJobs({ status: 'all', limit: options.limit ?? 30 });
  const jobs = await Promise.all(page.jobs.map((job) => monitorJob(admin, job)));
  const counts: Record<string, number> = {};
  for (const job of jobs) counts[job.status] = (counts[job.status] ?? 0) + 1;
  return { takenAt: (options.now?.() ?? new Date()).toISOString(), jobs, counts };
}
