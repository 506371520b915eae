import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import type { JobInfo, JobProgressResponse } from '../../warehouse/amp/admin/job-types.js';
import { jobDataset, jobDatasetLabel, jobInNamespace } from '../jobs/job-dataset.js';
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
  /** The namespace whose jobs are shown (the project's); null: every namespace. */
  namespace: string | null;
  jobs: MonitorJob[];
  /** Jobs of other namespaces passed over among the newest ones read (always 0 when namespace is null). */
  otherNamespaces: number;
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

export interface MonitorOptions {
  /** How many of the newest jobs to show (default 30). */
  limit?: number;
  /** Show only the jobs building datasets of this namespace; null or absent: every namespace. */
  namespace?: string | null;
  now?: () => Date;
}

/**
 * The newest `limit` jobs of the server, or of one namespace (the pages are read until `limit` of its
 * jobs are found or none are left), counting the other namespaces' jobs passed over.
 */
async function newestJobs(admin: AdminClient, limit: number, namespace: string | null): Promise<{ jobs: JobInfo[]; others: number }> {
  if (namespace === null) return { jobs: (await admin.listJobs({ status: 'all', limit })).jobs, others: 0 };
  const jobs: JobInfo[] = [];
  let others = 0;
  // Pages larger than `limit`: the project's jobs may be few among many of other namespaces.
  for await (const job of admin.allJobs({ status: 'all', limit: Math.min(1000, Math.max(limit, 100)) })) {
    if (!jobInNamespace(job, namespace)) others++;
    else if (jobs.push(job) === limit) break;
  }
  return { jobs, others };
}

/** The newest `limit` jobs (any status; of `namespace` only when given) with each one's per-table progress, read in parallel. */
export async function collectMonitorSnapshot(admin: AdminClient, options: MonitorOptions = {}): Promise<MonitorSnapshot> {
  const namespace = options.namespace ?? null;
  const newest = await newestJobs(admin, options.limit ?? 30, namespace);
  const jobs = await Promise.all(newest.jobs.map((job) => monitorJob(admin, job)));
  const counts: Record<string, number> = {};
  for (const job of jobs) counts[job.status] = (counts[job.status] ?? 0) + 1;
  return { takenAt: (options.now?.() ?? new Date()).toISOString(), namespace, jobs, otherNamespaces: newest.others, counts };
}
