/**
 * The QueryValue spellings both adapters share (see QueryValue in warehouse-adapter.ts), so the same row reads
 * back identically from DuckDB and PostgreSQL whatever each driver hands over.
 */

/** An integer as a number when it is safe, else its decimal string (`'18446744073709551615'`). */
export function formatInteger(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

/**
 * A decimal given as its unscaled integer and scale: with scale 0 it is an integer (number when safe), else
 * a string with exactly `scale` fraction digits (`'1.50'`, `'-0.050'`), as both warehouses print it.
 */
export function formatDecimal(unscaled: bigint, scale: number): number | string {
  if (scale <= 0) return formatInteger(unscaled);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return negative ? `-${text}` : text;
}

/** A decimal written as text (PostgreSQL's numeric): integral ones follow formatInteger, others stay as written. */
export function formatDecimalText(text: string): number | string {
  return /^-?\d+$/.test(text) ? formatInteger(BigInt(text)) : text;
}

/** `0x` + lower-case hex. */
export function formatBytes(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

const NANOS_PER_MS = 1_000_000n;
const MAX_DATE_MS = 8_640_000_000_000_000n;

/**
 * An instant given in nanoseconds since the epoch as ISO-8601 UTC: milliseconds always
 * (`2024-01-15T10:00:00.000Z`), more digits only when they are not zero (`.123456Z`, `.123456789Z`),
 * so nothing the warehouse kept is lost. Null when it is beyond what a JS Date can show.
 */
export function formatTimestamp(epochNanos: bigint): string | null {
  let ms = epochNanos / NANOS_PER_MS;
  let rest = epochNanos % NANOS_PER_MS;
  if (rest < 0n) {
    ms -= 1n;
    rest += NANOS_PER_MS;
  }
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return null;
  const iso = new Date(Number(ms)).toISOString();
  if (rest === 0n) return iso;
  const extra = rest.toString().padStart(6, '0');
  return `${iso.slice(0, -1)}${extra.endsWith('000') ? extra.slice(0, 3) : extra}Z`;
}
