import { formatDecimalText, formatInteger, formatTimestamp } from '../format-query-value.js';
import type { QueryValue } from '../warehouse-adapter.js';
import { parsePostgresArray } from './postgres-array.js';

type Parse = (text: string) => QueryValue;

const keepText: Parse = (text) => text;

/**
 * Text-format parsers by type OID that give the same QueryValues as DuckDB: int8 and integral numerics as
 * numbers when safe, other numerics as their text, bytea as 0x hex, timestamps as ISO UTC, dates as
 * written, json as its text. Everything else stays PostgreSQL's text, never a driver-specific object.
 */
const scalarParsers: Record<number, Parse> = {
  16: (text) => text === 't',
  17: (text) => `0x${text.startsWith('\\x') ? text.slice(2) : Buffer.from(text, 'latin1').toString('hex')}`,
  20: (text) => formatInteger(BigInt(text)),
  21: Number, 23: Number, 26: Number,
  700: parseFloat, 701: parseFloat,
  1700: formatDecimalText,
  1114: parseTimestamp, 1184: parseTimestamp,
};

/** Array type OID -> element type OID, for the element types that have a parser above. */
const arrayElements: Record<number, number> = {
  1000: 16, 1001: 17, 1016: 20, 1005: 21, 1007: 23, 1028: 26, 1021: 700, 1022: 701, 1231: 1700, 1115: 1114, 1185: 1184,
  1009: 25, 1015: 1043, 1014: 1042, 1182: 1082, 199: 114, 3807: 3802, 2951: 2950, 1183: 1083, 1187: 1186,
};

/** The parser of a result column's type (pg's `types.getTypeParser`). */
export function postgresTypeParser(oid: number): Parse {
  const scalar = scalarParsers[oid];
  if (scalar) return scalar;
  const element = arrayElements[oid];
  if (element === undefined) return keepText;
  const parseElement = scalarParsers[element] ?? keepText;
  return (text) => parsePostgresArray(text, parseElement);
}

const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;

/**
 * `2024-01-15 10:00:00.123456+00` (timestamptz, in the session's zone) or without offset (timestamp) as
 * ISO UTC; `infinity` and anything unexpected stays as PostgreSQL wrote it.
 */
function parseTimestamp(text: string): string {
  const m = TIMESTAMP.exec(text);
  if (!m) return text;
  const [, year, month, day, hour, minute, second, fraction = '', sign, offH = '0', offM = '0', offS = '0', bc] = m;
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day));
  date.setUTCHours(Number(hour), Number(minute), Number(second), 0);
  const offset = (sign === '-' ? -1 : 1) * (Number(offH) * 3600 + Number(offM) * 60 + Number(offS));
  const nanos = BigInt(date.getTime() - offset * 1000) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
  return formatTimestamp(nanos) ?? text;
}
