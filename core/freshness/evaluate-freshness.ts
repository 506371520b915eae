import type { Duration, FreshnessConfig } from '../project/project-types.js';
import type { FreshnessAge, FreshnessLevel } from './freshness-types.js';
import { plural } from '../util/plural.js';

const SECONDS: Record<Exclude<Duration['period'], 'block'>, number> = { minute: 60, hour: 3600, day: 86400 };

export interface LatestValues {
  latestBlock: number | null;
  latestTimestamp: string | null;
  chainHead: number | null;
  /** Why there is no block value (the track column is a timestamp and the relation has no block column). */
  noBlockReason: string;
  /** Why there is no timestamp (the track column holds block numbers). */
  noTimeReason: string;
}

/** How old the latest row is in blocks (behind the chain head) and in seconds (behind now). */
export function freshnessAge(latest: LatestValues, now: Date): FreshnessAge {
  const blocks = latest.chainHead !== null && latest.latestBlock !== null ? Math.max(0, latest.chainHead - latest.latestBlock) : null;
  const time = latest.latestTimestamp === null ? NaN : Date.parse(latest.latestTimestamp);
  const seconds = Number.isNaN(time) ? null : Math.max(0, Math.floor((now.getTime() - time) / 1000));
  return { blocks, seconds };
}

/**
 * error when past error_after, else warn when past warn_after, else fresh; unknown when a threshold cannot
 * be measured (a block threshold without a chain head or block value, a time threshold without a
 * timestamp) and no measurable one is exceeded.
 */
export function evaluateFreshness(thresholds: FreshnessConfig, latest: LatestValues, age: FreshnessAge): { status: FreshnessLevel; reason: string | null } {
  let unmeasured: string | null = null;
  for (const [level, after] of [['error', thresholds.error_after], ['warn', thresholds.warn_after]] as const) {
    if (!after) continue;
    let amount: number | null;
    if (after.period === 'block') {
      amount = age.blocks;
      if (amount === null) unmeasured ??= latest.chainHead === null ? 'no chain head: no source table has block_num or _block_num values' : latest.noBlockReason;
    } else {
      amount = age.seconds === null ? null : age.seconds / SECONDS[after.period];
      if (amount === null) unmeasured ??= latest.noTimeReason;
    }
    if (amount !== null && amount > after.count) return { status: level, reason: `more than ${plural(after.count, after.period)} behind (${level}_after)` };
  }
  return unmeasured ? { status: 'unknown', reason: unmeasured } : { status: 'fresh', reason: null };
}
