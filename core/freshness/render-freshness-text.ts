import { PRODUCTION_ENVIRONMENT } from '../run/environment-schema.js';
import { plural } from '../util/plural.js';
import type { Duration, FreshnessConfig } from '../project/project-types.js';
import type { FreshnessAge, FreshnessReport, FreshnessRow } from './freshness-types.js';

/** `2d 3h`, `5h 10m`, `12m 5s`, `40s`: the two largest units (a zero second unit is left out). */
export function formatSeconds(seconds: number): string {
  const units: Array<[string, number]> = [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]];
  let rest = Math.max(0, Math.floor(seconds));
  const first = units.findIndex(([, size]) => rest >= size);
  if (first < 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of units.slice(first, first + 2)) {
    const amount = Math.floor(rest / size);
    rest -= amount * size;
    if (amount > 0) parts.push(`${amount}${unit}`);
  }
  return parts.join(' ');
}

const duration = (d: Duration) => plural(d.count, d.period);

export function formatAge(age: FreshnessAge): string {
  const parts: string[] = [];
  if (age.blocks !== null) parts.push(plural(age.blocks, 'block'));
  if (age.seconds !== null) parts.push(formatSeconds(age.seconds));
  return parts.join(' / ') || '-';
}

export function formatThresholds(thresholds: FreshnessConfig | null): string {
  if (!thresholds) return '-';
  const parts: string[] = [];
  if (thresholds.warn_after) parts.push(`warn > ${duration(thresholds.warn_after)}`);
  if (thresholds.error_after) parts.push(`error > ${duration(thresholds.error_after)}`);
  return parts.join(', ');
}

function latest(row: FreshnessRow): string {
  if (row.trackKind === 'block' && row.latestBlock !== null) return String(row.latestBlock);
  if (row.trackKind === 'timestamp' && row.latestTimestamp !== null) return row.latestTimestamp;
  return '-';
}

/** The status table: name, kind, latest, age, status, thresholds; below each row that is not fresh, why. */
export function renderFreshnessText(report: FreshnessReport): string {
  const head = report.chainHead === null ? 'no chain head (no source table has block numbers)' : `chain head ${report.chainHead}`;
  const header = ['NAME', 'KIND', 'LATEST', 'AGE', 'STATUS', 'THRESHOLDS'];
  const rows = report.rows.map((r) => [r.name, r.kind, latest(r), formatAge(r.age), r.status, formatThresholds(r.thresholds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  let out = `environment ${report.environment}: ${head}; checked ${report.checkedAt}\n` + line(header);
  report.rows.forEach((r, i) => {
    out += line(rows[i]);
    // Why a row is not fresh: nothing measured, not tracked, how far behind, or the Amp job that failed.
    if (r.status !== 'fresh' && r.reason) out += `  ${r.reason}\n`;
  });
  const counts = (['fresh', 'warn', 'error', 'unknown'] as const).map((s) => `${report.rows.filter((r) => r.status === s).length} ${s}`);
  // Only where there are such rows (Amp's ad-hoc models): a SQL warehouse measures every model.
  const untracked = report.rows.filter((r) => r.status === 'not-tracked').length;
  if (untracked) counts.push(`${untracked} not tracked`);
  out += counts.join(', ') + '\n';
  // Every listed model's relation missing (all of them, or those selected): not built there yet, which one line says better than each row.
  const models = report.rows.filter((r) => r.kind === 'model');
  if (models.length > 0 && models.every((r) => r.relationMissing)) {
    const run = report.environment === PRODUCTION_ENVIRONMENT ? 'amp-dbt run' : `amp-dbt run --env ${report.environment}`;
    const which = models.length === 1 ? `model ${models[0]!.name} is not` : `none of the ${models.length} models listed is`;
    out += `${which} built in environment ${report.environment} yet: \`${run}\` builds ${models.length === 1 ? 'it' : 'them'}\n`;
  }
  return out;
}
