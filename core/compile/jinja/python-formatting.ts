import { keywordArgs } from './keyword-args.js';
import { pythonRepr, pythonStr } from './python-repr.js';
import { formatFixed, formatNumber } from './python-number-format.js';
import { PythonFloat } from './python-float.js';
import { JinjaUndefined } from './jinja-undefined.js';

/*
 * Python's text formatting as dbt templates use it: `'{}_{}'.format(a, b)`, `'%s-%02d' | format(a, n)` and
 * `run_started_at.strftime('%Y-%m-%d')`. Values print as Python's str (`None`, `True`, `[1, 2]`, `3.0`).
 */

const text = pythonStr;

/** Pads and rounds one value for a `%`-style spec: flags `0`, `-`, `+` and ` `, a width, a precision. */
function applySpec(value: unknown, flags: string, width: string, precision: string, type: string): string {
  let out = formatNumber(type, value, precision);
  if (out === undefined) out = precision === '' ? text(value) : text(value).slice(0, Number(precision));
  else if (!out.startsWith('-') && (flags.includes('+') || flags.includes(' '))) out = (flags.includes('+') ? '+' : ' ') + out;
  const size = width === '' ? 0 : Number(width);
  if (out.length >= size) return out;
  if (flags.includes('-') || flags.includes('<')) return out.padEnd(size);
  if (flags.includes('0') && /^[-+ ]?\d/.test(out)) {
    const sign = /^[-+ ]/.test(out) ? out[0] : '';
    return sign + out.slice(sign.length).padStart(size - sign.length, '0');
  }
  return out.padStart(size);
}

/** Python's `str.format`: `{}`, `{0}`, `{name}`, `{:05.2f}`, `{:>10}`, `{:,}`, `{!r}` (Python's repr), and `{{` / `}}` for braces. */
export function pythonFormat(template: string, args: readonly unknown[]): string {
  const { positional, kwargs } = keywordArgs(args);
  let next = 0;
  return template.replace(/\{\{|\}\}|\{([^{}:!]*)(?:!([rs]))?(?::([^{}]*))?\}/g, (match, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    const key = field ?? '';
    const found = key === '' ? positional[next++] : /^\d+$/.test(key) ? positional[Number(key)] : kwargs[key];
    if (found === undefined && !(key in kwargs) && !(key === '' || /^\d+$/.test(key))) throw new Error(`format: no value for '{${key}}'`);
    const value = conversion === 'r' ? pythonRepr(found) : found;
    return spec ? formatField(value, spec) : text(value);
  });
}

/**
 * One `{:spec}` of str.format, as Python applies it: `[[fill]align][sign][0][width][,|_][.precision][type]`
 * with types s, d, f, F, e, E, g, G, x, X, o, b and %; text aligns left and numbers right unless an align says otherwise.
 * Jinja's Undefined takes no spec (Python's TypeError; without one it prints nothing).
 */
function formatField(value: unknown, spec: string): string {
  if (value instanceof JinjaUndefined) throw new Error('unsupported format string passed to Undefined.__format__');
  const parts = /^(?:(.)?([<>^]))?([-+ ]?)(0?)(\d*)([,_]?)(?:\.(\d+))?([sdifFeEgGxXob%]?)$/.exec(spec);
  if (!parts) throw new Error(`format: the spec ':${spec}' is not supported (it has [[fill]align][sign][0][width][,][.precision] and the types s, d, f, e, g, x, o, b, %)`);
  const [, fill = ' ', align = '', sign, zero, width, grouping, precision, type] = parts;
  const numeric = typeof value === 'number' || value instanceof PythonFloat || (type !== '' && type !== 's');
  let out = type === '%' ? `${formatFixed(Number(value) * 100, precision === undefined ? 6 : Number(precision))}%` : formatNumber(type, value, precision);
  if (out === undefined) out = precision === undefined || numeric ? text(value) : text(value).slice(0, Number(precision));
  if (grouping) out = out.replace(/^(-?)(\d+)/, (_, minus: string, digits: string) => minus + digits.replace(/\B(?=(\d{3})+$)/g, grouping));
  if (numeric && (sign === '+' || sign === ' ') && !out.startsWith('-')) out = sign + out;
  const missing = Number(width || 0) - [...out].length;
  if (missing <= 0) return out;
  if (zero && !align && numeric) {
    const signed = /^[-+ ]/.test(out) ? out[0] : '';
    return signed + out.slice(signed.length).padStart(Number(width) - signed.length, '0');
  }
  const where = align || (numeric ? '>' : '<');
  const left = where === '<' ? 0 : where === '>' ? missing : Math.floor(missing / 2);
  return fill.repeat(left) + out + fill.repeat(missing - left);
}

const PERCENT_SPEC = /%(?:\(([^)]*)\))?([-0+ ]*)(\d*)(?:\.(\d+))?([sdifFeEgGxXorc%])/g;

/**
 * Jinja's `format` filter (Python's `%` operator): `%s`, `%d`, `%i`, `%f`, `%e`, `%g`, `%x`, `%o`, `%c`, `%r` (Python's
 * repr: `'x'`) with flags, width and precision; `%%`. `args` are the values (a tuple on the right of `%`, the
 * filter's arguments); as in Python, fewer of them than the template takes, or more, is a TypeError, except that
 * a value that is a mapping to Python (`ignoresExtra`: a dict or list on the right of `%`) may go unused.
 */
export function percentFormat(template: unknown, args: readonly unknown[], ignoresExtra = false): string {
  const { positional, kwargs } = keywordArgs(args);
  let next = 0;
  const out = text(template).replace(PERCENT_SPEC, (match, name: string | undefined, flags: string, width: string, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    if (name === undefined && next >= positional.length) throw new Error('not enough arguments for format string');
    const value = name !== undefined ? kwargs[name] : positional[next++];
    if (type === 'r') return applySpec(pythonRepr(value), flags, width, precision ?? '', 's');
    if (type === 'c') return applySpec(percentChar(value), flags, width, '', 's');
    return applySpec(value, flags, width, precision ?? '', type);
  });
  if (next < positional.length && !ignoresExtra) throw new Error('not all arguments converted during string formatting');
  return out;
}

/** `%c`: a one-character string as it is, an integer as the character of that code point (`'%c' % 65` is A). */
function percentChar(value: unknown): string {
  if ((typeof value === 'string' || value instanceof String) && [...String(value)].length === 1) return String(value);
  const code = typeof value === 'number' || typeof value === 'boolean' ? Number(value) : NaN;
  if (Number.isInteger(code) && code >= 0 && code <= 0x10ffff) return String.fromCodePoint(code);
  throw new Error('%c requires an int or a unicode character, not ' + (typeof value === 'string' ? 'a string of another length' : typeof value));
}

const pad = (n: number, size = 2) => String(n).padStart(size, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * A UTC timestamp (ISO text) as Python's `str()` of a timezone-aware datetime prints it, as dbt's
 * run_started_at does: `2026-11-27 07:06:09.835000+00:00`. Text that is not a timestamp is returned as it is.
 */
export function pythonDatetimeText(iso: string): string {
  const formatted = strftime(iso, '%Y-%m-%d %H:%M:%S.%f+00:00');
  return formatted === undefined ? iso : formatted;
}

/** Python's `datetime.isoformat()` of a UTC timestamp given as text (`2026-11-27T07:06:09.835000+00:00`), or undefined. */
export function pythonIsoformat(text: string): string | undefined {
  return strftime(text, '%Y-%m-%dT%H:%M:%S.%f+00:00');
}

/** Python's `datetime.strftime` for a timestamp written as ISO text (UTC): the common codes. */
export function strftime(iso: string, format: string): string | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  const codes: Record<string, () => string> = {
    Y: () => String(date.getUTCFullYear()), y: () => pad(date.getUTCFullYear() % 100), m: () => pad(date.getUTCMonth() + 1),
    d: () => pad(date.getUTCDate()), H: () => pad(date.getUTCHours()), M: () => pad(date.getUTCMinutes()), S: () => pad(date.getUTCSeconds()),
    f: () => pad(date.getUTCMilliseconds() * 1000, 6), j: () => pad(Math.floor((date.getTime() - start) / 86_400_000) + 1, 3),
    B: () => MONTHS[date.getUTCMonth()], b: () => MONTHS[date.getUTCMonth()].slice(0, 3), A: () => DAYS[date.getUTCDay()],
    a: () => DAYS[date.getUTCDay()].slice(0, 3), Z: () => 'UTC', z: () => '+0000', '%': () => '%',
  };
  return format.replace(/%(.)/g, (match, code: string) => codes[code]?.() ?? match);
}
