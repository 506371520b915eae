import { formatTimestamp } from '../../format-query-value.js';
import type { QueryValue } from '../../warehouse-adapter.js';

/**
 * Rows of Amp's JSON Lines endpoint as QueryValues, as close to the Flight path as untyped JSON allows. Amp
 * writes each record batch with arrow-json: integers as bare numbers (so UInt64 values beyond 2^53 would lose
 * digits in JSON.parse: they are kept as decimal strings, as formatInteger does), timestamps as ISO text
 * (normalised here to UTC with milliseconds, `2024-01-15T10:00:00.000Z`), null columns left out of the object.
 * What JSON cannot tell apart stays as Amp wrote it: binary as hex text, decimals as JSON numbers.
 */

/** One line parsed, integers beyond Number.MAX_SAFE_INTEGER kept as their digits. */
export function parseJsonLine(line: string): QueryValue {
  return normaliseJsonValue(JSON.parse(quoteLargeIntegers(line)));
}

/** A parsed JSON value with ISO timestamp strings normalised (recursively). */
export function normaliseJsonValue(value: unknown): QueryValue {
  if (typeof value === 'string') return normaliseTimestamp(value) ?? value;
  if (Array.isArray(value)) return value.map(normaliseJsonValue);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, normaliseJsonValue(v)]));
  }
  return value as QueryValue;
}

/** Wraps integer literals outside strings that are too large for a double in quotes; a fast path skips short ones. */
function quoteLargeIntegers(line: string): string {
  if (!/\d{16}/.test(line)) return line;
  let out = '';
  let copied = 0;
  for (let i = 0; i < line.length;) {
    const c = line[i];
    if (c === '"') {
      for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
      i++;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < line.length && /[\d.eE+-]/.test(line[end])) end++;
      const token = line.slice(i, end);
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${line.slice(copied, i)}"${token}"`;
        copied = end;
      }
      i = end;
    } else {
      i++;
    }
  }
  return out + line.slice(copied);
}

const ISO_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

/** `2024-01-15T10:00:00(.fff…)(Z|±hh:mm)?` as formatTimestamp spells it (no zone means UTC, as Arrow's). */
function normaliseTimestamp(text: string): string | null {
  const match = ISO_TIMESTAMP.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const seconds = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) / 1000;
  if (!Number.isFinite(seconds)) return null;
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  const nanos = (BigInt(seconds) - BigInt(offsetMinutes * 60)) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0') || '0');
  return formatTimestamp(nanos);
}
