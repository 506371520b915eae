import { plural } from '../util/plural.js';
import type { PrunedRelation, PruneReport } from './prune-types.js';

/** `amp_dbt_physical.orders__0123456789ab (table; incremental: the rows its runs added are gone)`. */
export function prunedLine(r: PrunedRelation, dryRun: boolean): string {
  const incremental = r.incremental ? `; incremental model ${r.model}: the rows its runs added ${dryRun ? 'would be' : 'are'} gone` : '';
  return `${r.relation}  (${r.kind}${incremental})`;
}

/** The totals line and notes after the relations listed one by one. */
export function renderPruneSummary(report: PruneReport): string {
  const lines: string[] = [];
  const counted = (list: readonly PrunedRelation[]) => {
    const tables = list.filter((r) => r.kind === 'table').length;
    return `${plural(list.length, 'physical relation')} (${plural(tables, 'table')}, ${plural(list.length - tables, 'view')})`;
  };
  const history = `the versions of every environment's commit and of the ${plural(report.keepHistory, 'commit')} each pointed at before (--keep-history)`;
  lines.push(report.dryRun
    ? `would drop ${counted(report.dropped)} from ${report.physicalSchema}; would keep ${report.kept}: ${history}, and what any view reads`
    : `dropped ${counted(report.dropped)} from ${report.physicalSchema}; kept ${report.kept}: ${history}, and what any view reads`);
  const incremental = report.dropped.filter((r) => r.incremental).length;
  if (incremental) lines.push(`note: ${plural(incremental, 'incremental table')} among them: ${report.dryRun ? 'dropping them loses' : 'lost'} the rows their runs added; a run of a commit using one builds it in full again`);
  if (report.foreign.length) lines.push(`note: not named <model>__<fp12>, never dropped: ${report.foreign.join(', ')}`);
  if (report.unrecorded.length) lines.push(`note: environments at unrecorded commits (their relations were kept only where a view reads them): ${report.unrecorded.map((u) => `${u.environment} (${u.commit.slice(0, 12)})`).join(', ')}`);
  if (report.unrecordedHistory.length) lines.push(`note: earlier commits with no recorded manifest (their versions were kept only where a view reads them; rolling back to them rebuilds): ${report.unrecordedHistory.map((u) => `${u.environment} at ${u.commit.slice(0, 12)}`).join(', ')}`);
  if (report.failed.length) {
    lines.push(`failed to drop ${plural(report.failed.length, 'relation')} (kept):`);
    for (const f of report.failed) lines.push(`  ${f.relation}: ${f.error.split('\n')[0]}`);
  }
  return lines.join('\n') + '\n';
}
