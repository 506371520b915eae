import { plural } from '../../util/plural.js';
import { formatBytes, renderTable } from '../jobs/render-jobs.js';
import type { MonitorSnapshot } from './collect-monitor-snapshot.js';

export interface RenderMonitorOptions {
  /** Names the server in the title. */
  title: string;
  /** Terminal columns: longer lines are cut (live mode); undefined keeps them whole. */
  width?: number;
  /** Live mode adds the quit hint. */
  live?: boolean;
  /** A problem reading the server this time (the last snapshot is still shown). */
  problem?: string | null;
}

const block = (n: number | null) => (n === null ? '-' : String(n));

/**
 * The dashboard as text: a title line with the namespace shown and counts per status, then one row per
 * job and table (current block, files, bytes); a job without tables yet gets one row; under the table, how
 * many jobs of other namespaces were left out. Pure, so the live view and the one-shot print are the same text.
 */
export function renderMonitor(snapshot: MonitorSnapshot, options: RenderMonitorOptions): string {
  const counts = Object.entries(snapshot.counts).sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, n]) => `${n} ${s}`).join(', ') || 'no jobs';
  const scope = snapshot.namespace === null ? 'every namespace' : `namespace ${snapshot.namespace}`;
  const lines = [`${options.title}  ${scope}  ${snapshot.takenAt}  ${counts}${options.live ? '   (q quits)' : ''}`];
  if (options.problem) lines.push(`! ${options.problem}`);
  lines.push('');
  const rows: string[][] = [];
  for (const job of snapshot.jobs) {
    const head = [String(job.id), job.status, job.dataset];
    if (job.tables.length === 0) rows.push([...head, '-', '-', '-', '-', job.endBlock ?? 'never']);
    job.tables.forEach((t, i) => rows.push([...(i === 0 ? head : ['', '', '']), t.name, block(t.currentBlock), String(t.files), formatBytes(t.bytes), i === 0 ? job.endBlock ?? 'never' : '']));
  }
  const none = snapshot.namespace === null ? 'no jobs' : `no jobs in namespace ${snapshot.namespace}`;
  const table = snapshot.jobs.length ? renderTable(['JOB', 'STATUS', 'DATASET', 'TABLE', 'BLOCK', 'FILES', 'SIZE', 'END BLOCK'], rows).trimEnd().split('\n') : [none];
  lines.push(...table);
  if (snapshot.otherNamespaces > 0) lines.push(`${plural(snapshot.otherNamespaces, 'job')} of other namespaces not shown (--all shows them)`);
  // One line per note: a long error's first line, and where to read the rest.
  const notes = snapshot.jobs.filter((j) => j.note).map((j) => {
    const [first, ...rest] = j.note!.split('\n');
    return `job ${j.id}: ${first}${rest.some((line) => line.trim()) ? ` (the rest: amp-dbt jobs logs ${j.id})` : ''}`;
  });
  if (notes.length) lines.push('', ...notes);
  const cut = (line: string) => (options.width && line.length > options.width ? line.slice(0, Math.max(1, options.width - 1)) + '…' : line);
  return lines.map(cut).join('\n') + '\n';
}
