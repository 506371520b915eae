import type { FreshnessConfig } from '../project/project-types.js';

/**
 * How far behind a model or source is: fresh, past warn_after, past error_after, not measurable (unknown:
 * something to measure could not be), or `not-tracked`: there is nothing to measure by design (an Amp
 * ad-hoc model is a query, with no job and no stored block), which is no problem.
 */
export type FreshnessLevel = 'fresh' | 'warn' | 'error' | 'unknown' | 'not-tracked';

/** What the track column holds: block numbers or points in time (decided by its type). */
export type TrackKind = 'block' | 'timestamp';

/** How old the latest row is, in each unit that could be measured. */
export interface FreshnessAge {
  /** The chain head minus the latest block. */
  blocks: number | null;
  /** Now minus the latest timestamp. */
  seconds: number | null;
}

/** One model or source table of an environment. */
export interface FreshnessRow {
  /** The model name, or `<source>.<table>`. */
  name: string;
  kind: 'model' | 'source';
  /** `schema.identifier` as it was read. */
  relation: string;
  trackColumn: string | null;
  trackKind: TrackKind | null;
  latestBlock: number | null;
  latestTimestamp: string | null;
  age: FreshnessAge;
  status: FreshnessLevel;
  /** Why the status is unknown or not-tracked (or what decided it). */
  reason: string | null;
  /** The thresholds applied; null when freshness is disabled or none are configured. */
  thresholds: FreshnessConfig | null;
  /** True when the relation read is not there (a model no run built in the environment yet). */
  relationMissing?: boolean;
}

export interface FreshnessReport {
  environment: string;
  /** The highest block in the source tables (block_num or _block_num); null when none has one. */
  chainHead: number | null;
  checkedAt: string;
  rows: FreshnessRow[];
}
