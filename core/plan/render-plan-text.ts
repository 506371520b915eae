import { plural, shortSha } from '../diff/describe-change.js';
import type { EnvironmentPlan, PlannedModel } from './plan-types.js';

export interface PlanLabels {
  environment: string;
  /** The environment's commit now; null when it does not exist yet. */
  from: string | null;
  to: string;
  /** How the new commit was named (`HEAD`, `pr-123`). */
  ref: string;
}

/** A terminal summary: what would be built (with why), reused from other environments, and dropped. */
export function renderPlanText(plan: EnvironmentPlan, labels: PlanLabels): string {
  const head = planHeading(labels);
  const s = plan.summary;
  const lines = [head, `  build ${s.build}, reuse ${s.reuse} (${s.unchanged} already in '${labels.environment}'), drop ${s.drop}`];
  const width = Math.max(0, ...[...plan.build, ...plan.reuse, ...plan.drop].map((m) => m.name.length));
  // In a new environment every model is 'added': it says nothing there.
  const why = (m: PlannedModel) => (labels.from === null && m.change === 'added' ? '' : `${reasonsOf(m)}  `);
  if (plan.build.length) lines.push(`build (${plan.build.length}):`, ...plan.build.map((m) => `  + ${m.name.padEnd(width)}  ${why(m)}-> ${m.physical}`));
  const elsewhere = plan.reuse.filter((m) => !m.builtIn.includes(labels.environment));
  if (elsewhere.length) {
    lines.push(`reuse from other environments (${elsewhere.length}):`, ...elsewhere.map((m) => `  = ${m.name.padEnd(width)}  ${why(m)}${m.builtIn.length ? `built in ${m.builtIn.join(', ')}` : 'built, in no environment'}`));
  }
  if (plan.drop.length) lines.push(`drop (${plan.drop.length}):`, ...plan.drop.map((m) => `  - ${m.name}`));
  if (plan.ephemeral.length) lines.push(`ephemeral (inlined, never built): ${plural(plan.ephemeral.length, 'model')}`);
  // A run takes new rows into every incremental model it reuses: that is not a build of a new version.
  const incremental = plan.reuse.filter((m) => m.materialized === 'incremental').map((m) => m.name);
  if (incremental.length) lines.push(`incremental models a run updates with new rows (reused, not rebuilt): ${incremental.join(', ')}`);
  const refreshed = plan.reuse.filter((m) => m.refreshedBy !== undefined).map((m) => `${m.name} (reads ${m.refreshedBy})`);
  if (refreshed.length) lines.push(`tables a run rebuilds in place when those take in rows: ${refreshed.join(', ')}`);
  if (s.build === 0 && s.drop === 0 && elsewhere.length === 0) {
    lines.push(incremental.length ? 'nothing to build: every model is already built in this environment' : 'nothing to do: every model is already built in this environment');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `plan for environment 'prod': 1a2b3c4d5e6f -> 7a8b9c0d1e2f (HEAD)`, or `... (new): create it at ...`;
 * `where` follows the environment's name (` in Amp namespace erc20`).
 */
export function planHeading(labels: PlanLabels, where = ''): string {
  const isSha = /^[0-9a-f]{4,40}$/.test(labels.ref) && labels.to.startsWith(labels.ref);
  const to = isSha ? shortSha(labels.to) : `${shortSha(labels.to)} (${labels.ref})`;
  return labels.from === null
    ? `plan for environment '${labels.environment}'${where} (new): create it at ${to}`
    : `plan for environment '${labels.environment}'${where}: ${shortSha(labels.from)} -> ${to}`;
}

function reasonsOf(m: PlannedModel): string {
  return m.reasons.length ? `${m.change}: ${m.reasons.join(', ')}` : m.change;
}
