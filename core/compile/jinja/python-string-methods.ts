import { argsByName, failOnKeywords } from './keyword-args.js';
import { pythonTypeName } from './python-operators.js';
import { pythonFormat, pythonIsoformat, strftime } from './python-formatting.js';
import { isPythonTuple, pythonTuple } from './python-tuple.js';
import { isUndefined, JinjaUndefined, takingUndefined } from './jinja-undefined.js';
import { failOnUndefinedArgument } from './undefined-string-arguments.js';

/**
 * Python's string methods that dbt macros call on strings (`{{ column.upper() }}`, `name.startswith('stg_')`),
 * with Python's meaning. nunjucks' strings are JavaScript's, which have none of these or (`replace`,
 * `split`) other meanings: both render paths look these up first (see jinja-renderer and lite-runtime).
 */

type Method = (s: string, args: unknown[]) => unknown;

const WHITESPACE = ' \t\n\r\v\f';

function stripChars(s: string, chars: unknown, start: boolean, end: boolean): string {
  const set = chars === undefined || chars === null ? WHITESPACE : String(chars);
  let from = 0;
  let to = s.length;
  if (start) while (from < to && set.includes(s[from])) from++;
  if (end) while (to > from && set.includes(s[to - 1])) to--;
  return s.slice(from, to);
}

/** Jinja's `trim` filter with characters to strip (`'xxaxx' | trim('x')`), Python's strip; without them `otherwise()`. */
export function pythonTrim(value: unknown, chars: unknown, otherwise: () => unknown): unknown {
  if (chars === undefined || chars === null || !(typeof value === 'string' || value instanceof String)) return otherwise();
  return stripChars(String(value), chars, true, true);
}

/** Python's str.split: on runs of whitespace without a separator, at most `maxsplit` splits. */
function split(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  const parts: string[] = [];
  if (sep === undefined || sep === null) {
    let rest = stripChars(s, undefined, true, false);
    while (rest !== '') {
      if (parts.length === limit) {
        parts.push(rest);
        return parts;
      }
      const space = rest.search(/[ \t\n\r\v\f]/);
      if (space < 0) {
        parts.push(rest);
        return parts;
      }
      parts.push(rest.slice(0, space));
      rest = stripChars(rest.slice(space), undefined, true, false);
    }
    return parts;
  }
  const separator = String(sep);
  if (separator === '') throw new Error('empty separator');
  let at = 0;
  for (let next = s.indexOf(separator); next >= 0 && parts.length < limit; next = s.indexOf(separator, at)) {
    parts.push(s.slice(at, next));
    at = next + separator.length;
  }
  parts.push(s.slice(at));
  return parts;
}

function replace(s: string, old: unknown, replacement: unknown, count: unknown): string {
  const [from, to] = [String(old), String(replacement)];
  const limit = typeof count === 'number' && count >= 0 ? count : Infinity;
  let out = '';
  let at = 0;
  let done = 0;
  if (from === '') {
    for (const ch of s) out += done++ < limit ? to + ch : ch;
    return done < limit ? out + to : out;
  }
  for (let next = s.indexOf(from); next >= 0 && done < limit; next = s.indexOf(from, at), done++) {
    out += s.slice(at, next) + to;
    at = next + from.length;
  }
  return out + s.slice(at);
}

/**
 * Python's str.startswith and endswith (`name`) of a prefix (suffix) or a tuple of them, tried in order, in
 * `s[start:end]`: anything else (a list: `s.startswith(['a'])`) is Python's TypeError, and so is an item of the tuple
 * that is no string, once reached (`('a', x)` holds for 'ab', `(x, 'a')` raises).
 */
function hasAffix(s: string, name: 'startswith' | 'endswith', args: unknown[]): boolean {
  const [value, start, end] = args;
  const isText = (item: unknown) => typeof item === 'string' || item instanceof String;
  if (!isText(value) && !isPythonTuple(value)) throw new Error(`${name} first arg must be str or a tuple of str, not ${pythonTypeName(value) ?? typeof value}`);
  const [from, to] = [position(start, s.length, 0), position(end, s.length, s.length)];
  for (const affix of isPythonTuple(value) ? value : [value]) {
    if (!isText(affix)) throw new Error(`tuple for ${name} must only contain str, not ${affix instanceof JinjaUndefined ? 'Undefined' : pythonTypeName(affix) ?? typeof affix}`);
    const text = String(affix);
    if (from > s.length || to - from < text.length) continue;
    if (name === 'startswith' ? s.startsWith(text, from) : s.slice(0, to).endsWith(text)) return true;
  }
  return false;
}

/**
 * Python's str.join: the items must be strings (a relation or a macro's output, String objects, are); Jinja's
 * Undefined iterates as nothing (`'-'.join(x)` is ''), but is no string as an item.
 */
function join(separator: string, items: unknown): string {
  if (isUndefined(items)) return '';
  const list = Array.isArray(items) ? items : typeof items === 'string' ? [...items] : undefined;
  if (!list) throw new Error(`'${separator}'.join() takes a list of strings`);
  return list.map((item, i) => {
    if (typeof item === 'string' || item instanceof String) return String(item);
    const type = item instanceof JinjaUndefined ? 'Undefined' : item === null || item === undefined ? 'none' : typeof item;
    throw new Error(`'${separator}'.join(): item ${i} is not a string (${type}); use the join filter: items | join('${separator}')`);
  }).join(separator);
}

/** A start or end of str.find and its like, as Python's slice reads it: from the end when negative, none for its default. */
function position(value: unknown, length: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const at = Number(value);
  if (!Number.isInteger(at)) throw new Error('slice indices must be integers or None or have an __index__ method');
  return at < 0 ? Math.max(0, at + length) : at;
}

/** The part of `s` that find(sub, start, end) and count() search, and where it starts; undefined when there is none (start past the text or the end). */
function searched(s: string, args: unknown[]): { text: string; from: number; sub: string } | undefined {
  const [sub, start, end] = argsByName(args, ['sub']);
  const [from, to] = [position(start, s.length, 0), position(end, s.length, s.length)];
  return from > s.length || to < from ? undefined : { text: s.slice(from, to), from, sub: String(sub) };
}

/**
 * Python's str.find, rfind and count of `sub` in `s[start:end]`: where it first (last) is, -1 when it is not; how
 * often it is, not overlapping.
 */
function find(s: string, args: unknown[], last: boolean): number {
  const part = searched(s, args);
  if (!part) return -1;
  const at = last ? part.text.lastIndexOf(part.sub) : part.text.indexOf(part.sub);
  return at < 0 ? -1 : at + part.from;
}
function count(s: string, args: unknown[]): number {
  const part = searched(s, args);
  if (!part) return 0;
  return part.sub === '' ? [...part.text].length + 1 : part.text.split(part.sub).length - 1;
}

/** Python's str.rsplit: at most `maxsplit` splits, counted from the end (without a separator: on runs of whitespace). */
function rsplit(s: string, sep: unknown, maxsplit: unknown): string[] {
  const limit = typeof maxsplit === 'number' && maxsplit >= 0 ? maxsplit : Infinity;
  if (sep !== undefined && sep !== null) {
    const parts = split(s, sep, undefined);
    const keep = Math.max(1, parts.length - limit);
    return [parts.slice(0, keep).join(String(sep)), ...parts.slice(keep)];
  }
  const tail: string[] = [];
  let rest = stripChars(s, undefined, false, true);
  while (rest !== '' && tail.length < limit) {
    const space = Math.max(...[...WHITESPACE].map((ch) => rest.lastIndexOf(ch)));
    if (space < 0) break;
    tail.unshift(rest.slice(space + 1));
    rest = stripChars(rest.slice(0, space), undefined, false, true);
  }
  return rest === '' ? tail : [rest, ...tail];
}

/** Python's str.isdigit and the like: true when `s` is not empty and every character is of the kind. */
const every = (pattern: RegExp) => (s: string): boolean => s !== '' && [...s].every((ch) => pattern.test(ch));
const cased = (s: string, upper: boolean): boolean => (upper ? s === s.toUpperCase() : s === s.toLowerCase()) && s.toUpperCase() !== s.toLowerCase();

/** Python's str.ljust, rjust and center: `s` padded with `fill` to `width` characters. */
function pad(s: string, width: unknown, fill: unknown, where: 'left' | 'right' | 'center'): string {
  const missing = Math.max(0, Number(width) - [...s].length);
  const ch = fill === undefined || fill === null ? ' ' : String(fill);
  const left = where === 'left' ? 0 : where === 'right' ? missing : Math.floor(missing / 2) + (missing & Number(width) & 1);
  return ch.repeat(left) + s + ch.repeat(missing - left);
}

/** Python's str.index and rindex: find's position, an error where find gives -1. */
function found(at: number): number {
  if (at < 0) throw new Error('substring not found (index() raises where find() gives -1)');
  return at;
}

/**
 * Python's str.partition and rpartition: the text before the first (last) `sep`, `sep` and the text after it,
 * a tuple; without `sep`, `(s, '', '')` (`('', '', s)` for rpartition).
 */
function partition(s: string, sep: unknown, last: boolean): string[] {
  const separator = String(sep);
  if (separator === '') throw new Error('empty separator');
  const at = last ? s.lastIndexOf(separator) : s.indexOf(separator);
  if (at < 0) return pythonTuple(last ? ['', '', s] : [s, '', '']);
  return pythonTuple([s.slice(0, at), separator, s.slice(at + separator.length)]);
}

const METHODS: Record<string, Method> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, args) => stripChars(s, argsByName(args, ['chars'])[0], true, true),
  lstrip: (s, args) => stripChars(s, argsByName(args, ['chars'])[0], true, false),
  rstrip: (s, args) => stripChars(s, argsByName(args, ['chars'])[0], false, true),
  startswith: (s, args) => hasAffix(s, 'startswith', args),
  endswith: (s, args) => hasAffix(s, 'endswith', args),
  replace: (s, args) => { const [old, replacement, count] = argsByName(args, ['old', 'new', 'count']); return replace(s, old, replacement, count); },
  split: (s, args) => { const [sep, maxsplit] = argsByName(args, ['sep', 'maxsplit']); return split(s, sep, maxsplit); },
  title: (s) => s.replace(/\p{L}+/gu, (word) => word[0].toUpperCase() + word.slice(1).toLowerCase()),
  capitalize: (s) => (s === '' ? s : s[0].toUpperCase() + s.slice(1).toLowerCase()),
  format: (s, args) => pythonFormat(s, args),
  join: (s, args) => join(s, argsByName(args, ['iterable'])[0]),
  find: (s, args) => find(s, args, false),
  rfind: (s, args) => find(s, args, true),
  count: (s, args) => count(s, args),
  index: (s, args) => found(find(s, args, false)),
  rindex: (s, args) => found(find(s, args, true)),
  partition: (s, args) => partition(s, argsByName(args, ['sep'])[0], false),
  rpartition: (s, args) => partition(s, argsByName(args, ['sep'])[0], true),
  rsplit: (s, args) => { const [sep, maxsplit] = argsByName(args, ['sep', 'maxsplit']); return rsplit(s, sep, maxsplit); },
  splitlines: (s) => { const lines = s.split(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/); if (lines[lines.length - 1] === '') lines.pop(); return lines; },
  removeprefix: (s, args) => { const prefix = String(argsByName(args, ['prefix'])[0]); return s.startsWith(prefix) ? s.slice(prefix.length) : s; },
  removesuffix: (s, args) => { const suffix = String(argsByName(args, ['suffix'])[0]); return suffix !== '' && s.endsWith(suffix) ? s.slice(0, -suffix.length) : s; },
  zfill: (s, args) => { const width = Number(argsByName(args, ['width'])[0]); const sign = /^[+-]/.test(s) ? s[0] : ''; return sign + s.slice(sign.length).padStart(width - sign.length, '0'); },
  ljust: (s, args) => { const [width, fill] = argsByName(args, ['width', 'fillchar']); return pad(s, width, fill, 'left'); },
  rjust: (s, args) => { const [width, fill] = argsByName(args, ['width', 'fillchar']); return pad(s, width, fill, 'right'); },
  center: (s, args) => { const [width, fill] = argsByName(args, ['width', 'fillchar']); return pad(s, width, fill, 'center'); },
  swapcase: (s) => [...s].map((ch) => (ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase())).join(''),
  casefold: (s) => s.toLowerCase(),
  isdigit: every(/\p{Nd}/u),
  isnumeric: every(/\p{N}/u),
  isalpha: every(/\p{L}/u),
  isalnum: every(/[\p{L}\p{N}]/u),
  isspace: every(/\s/),
  isupper: (s) => cased(s, true),
  islower: (s) => cased(s, false),
  // run_started_at is text here; dbt's is a datetime, whose strftime() and isoformat() projects call.
  strftime: (s, args) => asTimestamp(s, 'strftime', strftime(s, String(argsByName(args, ['format'])[0] ?? ''))),
  isoformat: (s) => asTimestamp(s, 'isoformat', pythonIsoformat(s)),
};

function asTimestamp(s: string, method: string, formatted: string | undefined): string {
  if (formatted === undefined) throw new Error(`'${s}' is not a timestamp: ${method}() applies to run_started_at`);
  return formatted;
}

/**
 * The keyword arguments a method takes, as Python's (`'a b'.split(sep=' ')`); the others take none
 * (`'abc'.find('b', start=1)` is Python's TypeError), and Python names them `str.<name>`, but these.
 */
const KEYWORDS: Record<string, readonly string[] | 'any'> = {
  split: ['sep', 'maxsplit'], rsplit: ['sep', 'maxsplit'], splitlines: ['keepends'], format: 'any', strftime: ['format'], isoformat: ['sep', 'timespec'],
};
const UNQUALIFIED = new Set(['find', 'rfind', 'index', 'rindex', 'count', 'startswith', 'endswith', 'strftime', 'isoformat']);

/** The names of the methods provided. */
export const PYTHON_STRING_METHOD_NAMES: readonly string[] = Object.keys(METHODS);

/**
 * `s.name` as Python's method bound to `s`, or undefined when `name` is not one of them. It gets Jinja's undefined
 * values as they are, and raises Python's TypeError for one where Python does (undefined-string-arguments.ts).
 */
export function pythonStringMethod(s: string, name: unknown): ((...args: unknown[]) => unknown) | undefined {
  const method = typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name) ? METHODS[name] : undefined;
  return method && takingUndefined((...args: unknown[]) => {
    failOnKeywords(args, UNQUALIFIED.has(name as string) ? name as string : `str.${name as string}`, KEYWORDS[name as string]);
    failOnUndefinedArgument(name as string, args);
    return method(s, args);
  });
}
