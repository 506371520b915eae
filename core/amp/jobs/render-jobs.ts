import type { JobInfo, JobProgressResponse } from '../../warehouse/amp/admin/job-types.js';
import { indentLines, jobErrorText } from './job-error-text.js';
import type { JobLogEvent } from './read-job-log.js';
import { jobDataset, jobDatasetLabel } from './job-dataset.js';

/** Columns padded to their widest cell, two spaces apart; the last one is not padded. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `1.5 MB`: bytes in the largest unit that keeps the number at least 1. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

const shortHash = (hash: string | null) => (hash ? hash.slice(0, 12) : '-');

/** `jobs list`: one row per job, newest first as the server sends them; `namespace` names the one they were chosen from. */
export function renderJobsTable(jobs: readonly JobInfo[], namespace?: string): string {
  if (jobs.length === 0) return namespace === undefined ? 'no jobs\n' : `no jobs in namespace ${namespace}\n`;
  return renderTable(['ID', 'STATUS', 'DATASET', 'MANIFEST', 'END BLOCK', 'UPDATED'], jobs.map((job) => {
    const dataset = jobDataset(job);
    return [String(job.id), job.status, jobDatasetLabel(job), shortHash(dataset?.manifestHash ?? null), dataset?.endBlock ?? 'never', job.updated_at];
  }));
}

/** Per-table progress rows: table, start and current block, files, size. */
export function renderProgressTable(progress: JobProgressResponse): string {
  const tables = Object.entries(progress.tables).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (tables.length === 0) return 'no tables written yet\n';
  return renderTable(['TABLE', 'START BLOCK', 'CURRENT BLOCK', 'FILES', 'SIZE'], tables.map(([name, t]) => [
    name, t.start_block === null || t.start_block === undefined ? '-' : String(t.start_block),
    t.current_block === null || t.current_block === undefined ? '-' : String(t.current_block), String(t.files_count), formatBytes(t.total_size_bytes),
  ]));
}

/** `jobs status ID`: the job's fields, then its progress (and the error detail of a failed job). */
export function renderJobStatus(job: JobInfo, progress: JobProgressResponse | null): string {
  const dataset = jobDataset(job);
  let out = `job ${job.id}: ${job.status}\n`
    + `  dataset   ${jobDatasetLabel(job)}\n`
    + `  manifest  ${dataset?.manifestHash ?? '-'}\n`
    + `  end block ${dataset?.endBlock ?? 'never (continuous)'}\n`
    + `  worker    ${job.node_id}\n  created   ${job.created_at}\n  updated   ${job.updated_at}\n`;
  if (progress) {
    out += `\n${renderProgressTable(progress)}`;
    const error = jobErrorText(progress.detail);
    if (error !== null) out += `\nfailed: ${indentLines(error, '  ')}\n`;
  }
  return out;
}

/** `jobs logs ID`: the lifecycle events, oldest first, with why a failed job failed under its ERROR event. */
export function renderJobEvents(jobId: number, events: readonly JobLogEvent[]): string {
  if (events.length === 0) return `job ${jobId} has no events\n`;
  const sorted = [...events].sort((a, b) => a.id - b.id);
  return sorted.map((e) => {
    const error = jobErrorText(e.detail);
    const line = `${e.created_at}  ${e.event_type.padEnd(14)}  ${e.node_id}`;
    return error === null ? line : `${line}\n    ${indentLines(error, '    ')}`;
  }).join('\n') + '\n';
}
