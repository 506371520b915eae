import { LiteSafeString } from './lite/lite-safe-string.js';
import { isPythonFloat, numeric, PythonFloat } from './python-float.js';

/**
 * Jinja2's `int` and `float` filters, for both render paths: Python's int() and float() of the value, the
 * default (0, 0.0) when Python would raise. `'42'|int` is 42, `'3.7'|int` 3 (Jinja2 reads it as a float
 * first), `'12abc'|int` and `'x'|int` 0, `'x'|int(5)` 5, `'ff'|int(base=16)` 255, `'x'|float` 0.
 * (nunjucks' filters gave '' for `'x'|int` and 12 for `'12abc'|int`, as JavaScript's parseInt.) A float is a
 * float when printed: `3 | float` is `3.0` (python-float.ts).
 */

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const PREFIXES: Record<string, number> = { x: 16, o: 8, b: 2 };
const DECIMAL = '\\d(?:_?\\d)*';
/** Python's float() of a string: digits with single underscores between them, a point, an exponent; inf and nan. */
const FLOAT_TEXT = new RegExp(`^[+-]?(?:(?:${DECIMAL}(?:\\.(?:${DECIMAL})?)?|\\.${DECIMAL})(?:[eE][+-]?${DECIMAL})?|inf(?:inity)?|nan)$`, 'i');

/** The text of a string value (a string, a String such as a relation or nunjucks' safe string, lite's safe string), else undefined. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof String) return String(value);
  return value instanceof LiteSafeString ? value.val : undefined;
}

/** Python's int(text, base), or undefined where it raises ValueError. */
function parseInt(text: string, base: number): number | undefined {
  let body = text.trim().toLowerCase();
  let sign = 1;
  if (body.startsWith('-') || body.startsWith('+')) {
    if (body.startsWith('-')) sign = -1;
    body = body.slice(1);
  }
  const prefix = /^0([xob])_?/.exec(body);
  if (prefix && (base === 0 || base === PREFIXES[prefix[1]!])) {
    base = PREFIXES[prefix[1]!]!;
    body = body.slice(prefix[0].length);
  } else if (base === 0) {
    if (/^0+(?:_?0)*$/.test(body)) return 0;
    if (body.startsWith('0')) return undefined;
    base = 10;
  }
  if (!Number.isInteger(base) || base < 2 || base > 36 || !body || body.startsWith('_') || body.endsWith('_') || body.includes('__')) return undefined;
  let result = 0;
  for (const char of body.replaceAll('_', '')) {
    const digit = DIGITS.indexOf(char);
    if (digit < 0 || digit >= base) return undefined;
    result = result * base + digit;
  }
  return sign * result;
}

/** Python's float(value), or undefined where it raises. */
function toFloat(input: unknown): number | undefined {
  const value = numeric(input);
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  const text = textOf(value);
  if (text === undefined) return undefined;
  const body = text.trim();
  if (!FLOAT_TEXT.test(body)) return undefined;
  const lower = body.toLowerCase().replace(/^[+-]/, '');
  if (lower.startsWith('inf')) return body.startsWith('-') ? -Infinity : Infinity;
  return lower === 'nan' ? NaN : Number(body.replaceAll('_', ''));
}

/** Jinja2's `int` filter: int(value, base) of a string, int(value) of anything else, else int(float(value)), else the default. */
export function jinjaInt(value: unknown, fallback: unknown = 0, base: unknown = 10): unknown {
  const text = textOf(value);
  if (text !== undefined) {
    const parsed = parseInt(text, Number(base));
    if (parsed !== undefined) return parsed;
  }
  const number = toFloat(value);
  return number === undefined || !Number.isFinite(number) ? fallback : Math.trunc(number) || 0;
}

/** Jinja2's `float` filter: float(value), else the default. */
export function jinjaFloat(value: unknown, fallback: unknown = 0): unknown {
  const number = toFloat(value);
  return number === undefined ? (typeof fallback === 'number' ? PythonFloat.of(fallback) : fallback) : PythonFloat.of(number);
}

/**
 * Jinja2's `round(precision=0, method='common')`: 'common' is Python's round(), halves to the even neighbour
 * (`2.5 | round` is 2.0, `3.5 | round` 4.0; nunjucks' Math.round gave 3 and 4), 'floor' and 'ceil' round down and
 * up; a float, as Jinja2's (`2.5 | round` is `2.0`), but for an int rounded the common way (`3 | round` is 3).
 */
export function jinjaRound(value: unknown, precision: unknown = 0, method: unknown = 'common'): number | PythonFloat {
  const rounded = roundNumber(Number(value), precision, method);
  // Python's round() of an int is an int (`3 | round` is 3); 'floor' and 'ceil' divide, so give floats.
  return method === 'common' && typeof numeric(value) === 'number' && !isPythonFloat(value) ? rounded : PythonFloat.of(rounded);
}

function roundNumber(value: number, precision: unknown, method: unknown): number {
  const digits = Math.trunc(Number(precision ?? 0)) || 0;
  const scale = 10 ** digits;
  const scaled = Number(value) * scale;
  if (method === 'floor') return Math.floor(scaled) / scale;
  if (method === 'ceil') return Math.ceil(scaled) / scale;
  if (method !== 'common') throw new Error(`round: method must be 'common', 'ceil' or 'floor', not '${String(method)}'`);
  if (!Number.isFinite(scaled)) return Number(value);
  const floor = Math.floor(scaled);
  const rest = scaled - floor;
  const rounded = rest > 0.5 ? floor + 1 : rest < 0.5 ? floor : floor % 2 === 0 ? floor : floor + 1;
  return (rounded / scale) || 0;
}
