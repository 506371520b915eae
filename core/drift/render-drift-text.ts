import type { DriftReport } from './drift-types.js';

/** The drift report for people: one section per kind, then a verdict line. */
export function renderDriftText(report: DriftReport): string {
  const lines = [`environment ${report.environment} at ${report.commit.slice(0, 12)}: schemas ${report.schemas.join(', ')}; physical schema ${report.physicalSchema}`];
  if (report.missing.length) {
    lines.push('', 'MISSING (the state database says they exist; the warehouse lacks them)');
    for (const m of report.missing) lines.push(`  ${m.relation}  (${m.kind === 'view' ? 'view' : 'physical relation'} of ${m.model})`);
  }
  if (report.stale.length) {
    lines.push('', 'STALE (views not reading the version the manifest names)');
    for (const s of report.stale) lines.push(`  ${s.view}  (${s.model}): expected ${s.expected}; ${s.reason}`);
  }
  if (report.runTime.length) {
    lines.push('', 'BUILT AT RUN TIME (their SQL holds the run\'s start time: the views read what the last deploy built; not drift)');
    for (const v of report.runTime) lines.push(`  ${v.view}  (${v.model}): reads ${v.built}, built by run #${v.runId} (the recording names ${v.recorded})`);
  }
  if (report.unexpected.length) {
    lines.push('', 'UNEXPECTED (views over the physical schema of no model in the manifest)');
    for (const u of report.unexpected) lines.push(`  ${u.view}  -> ${u.reads.join(', ')}`);
  }
  if (report.orphaned.length) {
    lines.push('', 'ORPHANED (physical relations no environment references; not drift; amp-dbt prune drops them)');
    for (const o of report.orphaned) lines.push(`  ${o.relation}  (${o.kind})`);
  }
  if (report.unrecordedEnvironments.length) {
    lines.push('', `note: environments with no recorded manifest (their relations may be among the orphans): ${report.unrecordedEnvironments.join(', ')}`);
  }
  const counts = `${report.missing.length} missing, ${report.stale.length} stale, ${report.unexpected.length} unexpected, ${report.orphaned.length} orphaned`;
  lines.push('', report.drift ? `drift: ${counts}` : `no drift (${counts})`);
  return lines.join('\n') + '\n';
}
