import type { ColumnInfo } from '../warehouse/warehouse-adapter.js';
import type { TrackKind } from './freshness-types.js';

const integer = /^(?:U?(?:TINY|SMALL|BIG|HUGE)?INT(?:EGER)?|INT[1248]|U?HUGEINT|SERIAL|BIGSERIAL|(?:NUMERIC|DECIMAL)(?:\(\s*\d+\s*(?:,\s*0\s*)?\))?)$/;
const time = /^(?:TIMESTAMP|TIMESTAMPTZ|DATETIME|DATE)\b/;

/** Block numbers (integer types) or timestamps (timestamp and date types); undefined for anything else. */
export function trackKind(type: string): TrackKind | undefined {
  const upper = type.trim().toUpperCase();
  if (integer.test(upper)) return 'block';
  if (time.test(upper) || upper.startsWith('TIMESTAMP_')) return 'timestamp';
  return undefined;
}

/** The block column a relation has (`block_num`, else `_block_num`), when it holds integers. */
export function blockColumn(columns: readonly ColumnInfo[]): ColumnInfo | undefined {
  for (const name of ['block_num', '_block_num']) {
    const column = columns.find((c) => c.name.toLowerCase() === name);
    if (column && trackKind(column.type) === 'block') return column;
  }
  return undefined;
}
