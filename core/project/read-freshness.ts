import type { MappingReader } from './mapping-reader.js';
import type { Duration, FreshnessConfig } from './project-types.js';

export const FRESHNESS_PERIODS = ['minute', 'hour', 'day', 'block'] as const;
const freshnessKeys = new Set(['warn_after', 'error_after', 'filter']);
const durationKeys = new Set(['count', 'period']);

/**
 * `freshness: {warn_after: {count: 12, period: hour}, error_after: ..., filter: ...}` under `key`.
 * null disables freshness (returned as null); absent or invalid reads as undefined.
 */
export function readFreshness(reader: MappingReader, key: string): FreshnessConfig | null | undefined {
  if (reader.value[key] === null && reader.has(key)) return null;
  const freshness = reader.child(key, `'${key}' of ${reader.where}`);
  if (!freshness) return undefined;
  freshness.checkKeys(freshnessKeys);
  const out: FreshnessConfig = {};
  const warn = readDuration(freshness, 'warn_after');
  const error = readDuration(freshness, 'error_after');
  const filter = freshness.string('filter');
  if (warn) out.warn_after = warn;
  if (error) out.error_after = error;
  if (filter !== undefined) out.filter = filter;
  return out;
}

function readDuration(reader: MappingReader, key: string): Duration | undefined {
  const duration = reader.child(key, `'${key}' of ${reader.where}`);
  if (!duration) return undefined;
  duration.checkKeys(durationKeys);
  if (!duration.has('count') || !duration.has('period')) {
    return reader.invalid(key, 'a duration with both count and period', 'for example {count: 12, period: hour}');
  }
  const count = duration.integer('count', 1);
  const period = duration.oneOf('period', FRESHNESS_PERIODS);
  return count !== undefined && period !== undefined ? { count, period } : undefined;
}
