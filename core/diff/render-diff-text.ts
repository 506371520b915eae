import { changeLabel, isDownstreamOnly, json, plural, shortReasons, sideLabel, type DiffLabels } from './describe-change.js';
import type { ManifestDiff, ModelDiff } from './diff-types.js';

/**
 * A terminal summary: one line per changed model, downstream models folded into one line; then, unless
 * `stat`, each changed model's SQL diff (unified, as `git diff` prints one).
 */
export function renderDiffText(diff: ManifestDiff, labels: DiffLabels, stat = false): string {
  const lines = [`diff ${sideLabel(labels.base.ref, diff.base.commit)} -> ${sideLabel(labels.head.ref, diff.head.commit)}: ${summaryLine(diff)}`];
  const direct = diff.models.filter((d) => !isDownstreamOnly(d));
  const width = Math.max(0, ...direct.map((d) => d.name.length));
  for (const d of direct) lines.push(`  ${marker(d)} ${d.name.padEnd(width)}  ${changeLabel(d)}${details(d)}`);
  const downstream = diff.models.filter(isDownstreamOnly).map((d) => d.name);
  if (downstream.length) lines.push(`  ~ downstream (a parent changed): ${listed(downstream)}`);
  const reported = new Set(diff.models.map((d) => d.name));
  const outside = diff.affected.filter((name) => !reported.has(name));
  if (outside.length) lines.push(`  affected outside the selection: ${listed(outside)}`);
  if (diff.summary.notSelected) lines.push(`  ${plural(diff.summary.notSelected, 'changed model')} outside the selection`);
  if (diff.macros.length) lines.push(`macro files: ${diff.macros.map((m) => `${m.path} (${m.change})`).join(', ')}`);
  if (diff.vars.length) lines.push(`vars: ${diff.vars.map((v) => `${v.name} ${json(v.base)} -> ${json(v.head)}`).join(', ')}`);
  for (const warning of diff.warnings) lines.push(`warning: ${warning}`);
  if (!stat) for (const d of direct) if (d.sqlDiff) lines.push('', d.sqlDiff.text.trimEnd());
  return `${lines.join('\n')}\n`;
}

export function summaryLine(diff: ManifestDiff): string {
  const s = diff.summary;
  if (diff.models.length === 0) return `no changes (${plural(diff.head.models, 'model')})`;
  const downstream = diff.models.filter(isDownstreamOnly).length;
  const parts = [
    [s.modified - downstream, 'modified'], [downstream, 'downstream'], [s.added, 'added'], [s.removed, 'removed'],
    [s.formattingOnly, 'formatting only'], [s.metadataOnly, 'metadata only'],
  ] as const;
  const counts = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  return `${counts.join(', ')}; ${s.affected} affected`;
}

function marker(d: ModelDiff): string {
  return d.change === 'added' ? '+' : d.change === 'removed' ? '-' : d.change === 'modified' ? '~' : '=';
}

function details(d: ModelDiff): string {
  const reasons = (d.reasons.length ? `: ${shortReasons(d, undefined, true)}` : '') + (d.change === 'formatting-only' ? ' (comments or whitespace only: data unchanged)' : '');
  const lines = d.sqlDiff ? `  +${d.sqlDiff.added} -${d.sqlDiff.removed}` : '';
  return reasons + lines;
}

function listed(names: string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
