import type { Duration, FreshnessConfig, ModelConfig, SourceTable } from '../project/project-types.js';

/** The thresholds that apply, or why none do. */
export type Thresholds = { config: FreshnessConfig } | { config: null; reason: string };

function duration(value: unknown): Duration | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { count, period } = value as Record<string, unknown>;
  if (typeof count !== 'number' || !['minute', 'hour', 'day', 'block'].includes(period as string)) return undefined;
  return { count, period: period as Duration['period'] };
}

/** Only well-formed warn_after / error_after (config values are not typed until here). */
function normalise(value: FreshnessConfig | null | undefined, fallback: FreshnessConfig, disabledBy: string): Thresholds {
  if (value === null) return { config: null, reason: `freshness is disabled (${disabledBy}: null)` };
  const raw = value ?? fallback;
  const out: FreshnessConfig = {};
  const warn = duration(raw.warn_after);
  const error = duration(raw.error_after);
  if (warn) out.warn_after = warn;
  if (error) out.error_after = error;
  if (typeof raw.filter === 'string' && raw.filter.trim()) out.filter = raw.filter;
  if (!warn && !error) return { config: null, reason: 'no thresholds: set freshness on it, or monitoring in dbt_project.yml' };
  return { config: out };
}

/** A model's `freshness` config (null disables it), else dbt_project.yml `monitoring`. */
export function modelThresholds(config: ModelConfig, monitoring: FreshnessConfig): Thresholds {
  return normalise(config.freshness as FreshnessConfig | null | undefined, monitoring, 'freshness');
}

/** A source table's `freshness` (its own, else its source's; null disables it), else `monitoring`. */
export function sourceThresholds(table: SourceTable, monitoring: FreshnessConfig): Thresholds {
  return normalise(table.freshness, monitoring, 'freshness');
}
