import { percentFormat } from './python-formatting.js';
import { failIfUndefined, JinjaUndefined } from './jinja-undefined.js';
import { isPythonTuple, pythonTuple } from './python-tuple.js';
import { argsByName, keywordArgs } from './keyword-args.js';
import { jinjaFloat, jinjaInt, jinjaRound } from './python-numbers.js';
import { pythonTrim } from './python-string-methods.js';
import { jinjaToJsonFilter } from './python-json.js';
import { pythonPformat } from './python-pprint.js';
import { isPythonFloat, numeric, PythonFloat } from './python-float.js';
import { ExactInteger } from '../../util/exact-integer.js';
import { failIfNoLength, pythonAdd } from './python-operators.js';
import { isDict as isPlainDict, pythonStr } from './python-repr.js';
import { jinjaWordwrap } from './jinja-wordwrap.js';
import { jinjaFilesizeformat, jinjaWordcount } from './jinja-size-and-words.js';
import { JinjaNamespace } from './jinja-namespace.js';
import { RelationValue } from './relation-value.js';
import { dictEntries, dictKey, dictKeys, hasNumberKeys } from './number-keys.js';
import { jinjaCompare } from './jinja-comparisons.js';

/**
 * Jinja's filters that nunjucks lacks or has in a narrower form or another way (`int`, `float`: python-numbers.ts; `truncate`), as dbt macros use them
 * (`cols | map(attribute='name') | join(', ')`, `selectattr('type', 'equalto', 'date')`, `| unique`, `| tojson`).
 * Installed on the nunjucks environment only: the lite path declines templates that use filters it does
 * not know, and nunjucks renders them.
 */

type Filter = (...args: unknown[]) => unknown;

/** The items a filter iterates, as Python iterates the value: a list's, a dict's keys, a string's characters; none of none. */
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined || value === null ? []
  : isPlainDict(value) ? dictKeys(value) : [...(value as Iterable<unknown>)]);

/** nunjucks' filter given a dict's keys for a dict, as Jinja's iterates one (`{'b': 1, 'a': 2} | sort` is ['a', 'b']; nunjucks' gave []). */
const overKeys = (filter: Filter): Filter => function (this: unknown, value: unknown, ...args: unknown[]) {
  return filter.call(this, isPlainDict(value) ? dictKeys(value) : value, ...args);
};

/** Python's order of two (key, value) pairs by their keys: numbers as numbers, a number and a string its TypeError. */
const pythonKeyOrder = (a: unknown[], b: unknown[]): number => (jinjaCompare('<', a[0], b[0]) ? -1 : jinjaCompare('<', b[0], a[0]) ? 1 : 0);

/** `a.b.c` of an item, as Jinja's attribute= arguments read it. */
function attribute(item: unknown, path: unknown): unknown {
  let value = item;
  for (const key of String(path).split('.')) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key];
  return value;
}

type Test = (value: unknown, arg?: unknown) => boolean;

const isDict = (value: unknown): boolean => !!value && typeof value === 'object' && !Array.isArray(value) && !(value instanceof String);

/**
 * Jinja's tests nunjucks lacks, installed beside its own (`c is in ['a', 'b']`, `x is boolean`, `v is none`):
 * `in` also finds a dict's key and a substring, as Python's `in` does.
 */
export const JINJA_TESTS: Record<string, Test> = {
  in: (value, arg) => (Array.isArray(arg) ? arg.includes(value)
    : typeof arg === 'string' || arg instanceof String ? typeof value === 'string' && String(arg).includes(value)
      : isDict(arg) && typeof value === 'string' && Object.prototype.hasOwnProperty.call(arg, value)),
  none: (value) => value === null,
  true: (value) => value === true,
  false: (value) => value === false,
  boolean: (value) => typeof value === 'boolean',
  integer: (value) => Number.isInteger(value) || value instanceof ExactInteger,
  float: (value) => isPythonFloat(value),
  number: (value) => typeof value === 'number' || value instanceof PythonFloat || value instanceof ExactInteger,
  // Jinja's Undefined (JavaScript's undefined here: jinja-undefined.ts) is iterable and a sequence, empty.
  sequence: (value) => value === undefined || Array.isArray(value) || typeof value === 'string' || value instanceof String || isDict(value),
  iterable: (value) => value === undefined || (value !== null && (isDict(value) || Symbol.iterator in Object(value))),
};

/**
 * Jinja2's `truncate(length=255, killwords=False, end='...', leeway=5)`: text up to `length + leeway` characters
 * is kept whole; longer text is cut to `length` with `end`, at the last space before it unless `killwords`.
 * (nunjucks' cut at `length` with no leeway, and kept the word running over it.)
 */
function truncate(value: unknown, ...args: unknown[]): string {
  const [length = 255, killwords = false, end = '...', leeway = 5] = argsByName(args, ['length', 'killwords', 'end', 'leeway']);
  const text = value === null || value === undefined ? '' : String(value);
  const [size, ending, slack] = [Number(length), String(end), Number(leeway)];
  if (!(size >= ending.length)) throw new Error(`truncate: expected length >= ${ending.length}, got ${String(length)}`);
  if (!(slack >= 0)) throw new Error(`truncate: expected leeway >= 0, got ${String(leeway)}`);
  const chars = [...text];
  if (chars.length <= size + slack) return text;
  const kept = chars.slice(0, size - ending.length).join('');
  if (killwords) return kept + ending;
  const space = kept.lastIndexOf(' ');
  return (space < 0 ? kept : kept.slice(0, space)) + ending;
}

/** Jinja's tests, by name, as selectattr and rejectattr take them; another is the environment's `test` of that name. */
function passes(value: unknown, test: unknown, arg: unknown, testNamed: (name: string) => Test | undefined): boolean {
  switch (test) {
    case undefined: return !!value;
    case 'equalto': case 'eq': case '==': case 'sameas': return value === arg;
    case 'ne': case '!=': return value !== arg;
    case 'defined': return value !== undefined;
    case 'undefined': return value === undefined;
    case 'gt': case '>': return (value as number) > (arg as number);
    case 'ge': case '>=': return (value as number) >= (arg as number);
    case 'lt': case '<': return (value as number) < (arg as number);
    case 'le': case '<=': return (value as number) <= (arg as number);
    default: {
      const named = testNamed(String(test));
      if (!named) throw new Error(`the test '${String(test)}' is not supported in selectattr / rejectattr`);
      return !!named(value, arg);
    }
  }
}

const byKey = (key: (item: unknown) => unknown) => (a: unknown, b: unknown) => {
  const [x, y] = [key(a), key(b)] as [number | string, number | string];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * nunjucks' filters whose parameters are Jinja's, in Jinja's order, by Jinja's names: a keyword argument
 * (`join(attribute='name')`, `round(precision=2)`, `default('x', boolean=true)`) is passed in its place (nunjucks
 * passed the keyword arguments as one more value: `sum(attribute='a')` was NaN, `join(d='-')` joined with `[object Object]`).
 */
const PARAMETERS: Record<string, readonly string[]> = {
  batch: ['linecount', 'fill_with'], center: ['width'], default: ['default_value', 'boolean'], d: ['default_value', 'boolean'],
  indent: ['width', 'first'], join: ['d', 'attribute'], replace: ['old', 'new', 'count'],
  slice: ['slices', 'fill_with'], sum: ['attribute', 'start'], dictsort: ['case_sensitive', 'by', 'reverse'], trim: ['chars'],
};

/** nunjucks' filter `name` reading Jinja's keyword arguments (PARAMETERS); `dictsort(reverse=true)` and `trim(chars)` as Jinja's. */
function withKeywords(name: string, filter: Filter): Filter {
  const names = PARAMETERS[name]!;
  return (value: unknown, ...args: unknown[]) => {
    const { kwargs } = keywordArgs(args);
    const unknown = Object.keys(kwargs).find((key) => !names.includes(key));
    if (unknown !== undefined) throw new Error(`the ${name} filter has no parameter '${unknown}' (it has ${names.join(', ')})`);
    const bound = argsByName(args, names);
    if (name === 'trim') return pythonTrim(value, bound[0], () => filter(value));
    if (name === 'dictsort') {
      const sorted = filter(value, bound[0], bound[1]);
      if (!Array.isArray(sorted)) return sorted;
      // Python's (key, value) tuples, a number key as its number and ordered as one ({10: 'a', 9: 'b'}: 9 first).
      const pairs = sorted.map((pair: unknown[]) => pythonTuple([dictKey(value as object, String(pair[0])), pair[1]]));
      if (isPlainDict(value) && hasNumberKeys(value) && (bound[1] === undefined || bound[1] === 'key')) pairs.sort(pythonKeyOrder);
      return bound[2] ? pairs.reverse() : pairs;
    }
    return filter(value, ...bound);
  };
}

/**
 * Filters writing or adding values as Python does: `join` writes each item as Python's str (`[1, none] | join(',')`
 * is `1,None`), `sum` adds with Python's `+` (floats stay floats), `abs` keeps a float a float (`-3.0 | abs` is `3.0`).
 */
function pythonValueFilters(nunjucksJoin: Filter): Record<string, Filter> {
  const noAttribute = (attr: unknown) => attr === undefined || attr === null || attr === '';
  return {
    join: withKeywords('join', (value: unknown, separator: unknown, attr: unknown) => {
      // A dict joins its keys and a string its characters, as Python iterates them (nunjucks failed: arr.join is not a function).
      const items = Array.isArray(value) ? value : isPlainDict(value) ? dictKeys(value) : typeof value === 'string' ? [...value] : undefined;
      if (!items) return nunjucksJoin(value, separator, attr);
      return pythonJoin(noAttribute(attr) ? items : items.map((item) => attribute(item, attr)), separator);
    }),
    sum: withKeywords('sum', (value: unknown, attr: unknown, start: unknown = 0) => {
      const items = noAttribute(attr) ? list(value) : list(value).map((item) => attribute(item, attr));
      return items.reduce((total, item) => pythonAdd(total, item), start ?? 0);
    }),
    abs: (value: unknown) => {
      const number = numeric(value);
      if (typeof number !== 'number') return Math.abs(number as number);
      return isPythonFloat(value) ? PythonFloat.of(Math.abs(number)) : Math.abs(number);
    },
  };
}

/** Items joined as Jinja's `join` filter joins them: each as Python's str, with the separator ('' when none is given). */
export function pythonJoin(items: readonly unknown[], separator: unknown): string {
  const between = separator === undefined || separator === null || separator === false || separator === '' ? '' : pythonStr(separator);
  return items.map(pythonStr).join(between);
}

/**
 * Jinja2's `groupby(attribute, default=None, case_sensitive=False)`: the items sorted and grouped by the attribute,
 * each group `(grouper, list)`, read as `group.grouper` and `group.list` or unpacked (`for key, rows in ...`);
 * without case_sensitive, strings group regardless of case, the group named by its first item's value.
 * (nunjucks' groupby gave an object keyed by the values: a loop over it saw nothing.)
 */
function jinjaGroupby(items: unknown[], attr: unknown, fallback: unknown, caseSensitive: boolean): unknown[] {
  const valueOf = (item: unknown) => attribute(item, attr) ?? fallback;
  const keyOf = (item: unknown) => {
    const value = valueOf(item);
    return !caseSensitive && typeof value === 'string' ? value.toLowerCase() : value;
  };
  const sorted = [...items].sort(byKey(keyOf));
  const groups: unknown[][] = [];
  for (const item of sorted) {
    const last = groups[groups.length - 1];
    if (last && keyOf(last[0]) === keyOf(item)) last.push(item);
    else groups.push([item]);
  }
  return groups.map((group) => {
    const grouper = valueOf(group[0]);
    return Object.assign([grouper, group], { grouper, list: group });
  });
}

/**
 * Jinja2's `attr(name)`: the object's attribute, never an item (`{'a': 1} | attr('a')` is undefined, as a dict
 * has no attribute a): a namespace()'s and a relation's (`this | attr('schema')`); anything else has none here.
 */
function jinjaAttr(value: unknown, name: unknown): unknown {
  if (!(value instanceof JinjaNamespace) && !(value instanceof RelationValue)) return undefined;
  const key = String(name);
  if (!Object.hasOwn(value, key)) return undefined;
  const found = (value as unknown as Record<string, unknown>)[key];
  return typeof found === 'function' ? undefined : found;
}

/** The filters, given a way to apply another filter (for `map('upper')`) and a test (for `selectattr('n', 'odd')`) by name. */
export function jinjaFilters(filterNamed: (name: string) => Filter, testNamed: (name: string) => Test | undefined): Record<string, Filter> {
  const keyOf = (kwargs: Record<string, unknown>) => (item: unknown) => {
    const value = kwargs.attribute === undefined ? item : attribute(item, kwargs.attribute);
    return typeof value === 'string' && kwargs.case_sensitive !== true ? value.toLowerCase() : value;
  };
  // Jinja's min and max: none of an empty list (an undefined value), an undefined item compared is its error (Python's
  // max compares each item after the first with the one kept: the first one's error only when the others are defined).
  const extreme = (sign: number) => (items: unknown, ...args: unknown[]) => {
    const values = list(items);
    if (!values.length) return new JinjaUndefined('No aggregated item, sequence was empty.');
    if (values.length > 1) failIfUndefined(...values.slice(1), values[0]);
    const sorted = [...values].sort(byKey(keyOf(keywordArgs(args).kwargs)));
    return (sign < 0 ? sorted[0] : sorted[sorted.length - 1]) ?? null;
  };
  const select = (keep: boolean) => (items: unknown, ...args: unknown[]) => {
    const [attr, test, arg] = keywordArgs(args).positional;
    return list(items).filter((item) => passes(attribute(item, attr), test, arg, testNamed) === keep);
  };
  const ownFilters = Object.fromEntries(Object.keys(PARAMETERS).map((name) => [name, withKeywords(name, filterNamed(name))]));
  const nunjucksString = filterNamed('string');
  const nunjucksList = filterNamed('list');
  const nunjucksSort = filterNamed('sort');
  const nunjucksLength = filterNamed('length');
  // Python's len(): a number, a bool or none has none (nunjucks gave '' or 0).
  const pythonLength = (value: unknown) => (failIfNoLength(value), nunjucksLength(value));
  return {
    ...ownFilters,
    batch: overKeys(ownFilters.batch!),
    slice: overKeys(ownFilters.slice!),
    first: overKeys(filterNamed('first')),
    last: overKeys(filterNamed('last')),
    reverse: overKeys(filterNamed('reverse')),
    select: overKeys(filterNamed('select')),
    reject: overKeys(filterNamed('reject')),
    ...pythonValueFilters(filterNamed('join')),
    string: (value: unknown) => (value instanceof String ? nunjucksString(value) : pythonStr(value)),
    list: (value: unknown) => (isPlainDict(value) ? dictKeys(value) : isPythonTuple(value) ? [...value] : nunjucksList(value)),
    map(items: unknown, ...args: unknown[]) {
      const { positional, kwargs } = keywordArgs(args);
      if (kwargs.attribute !== undefined) return list(items).map((item) => attribute(item, kwargs.attribute) ?? kwargs.default ?? null);
      const [name, ...rest] = positional;
      const filter = filterNamed(String(name));
      return list(items).map((item) => filter(item, ...rest));
    },
    unique(items: unknown, ...args: unknown[]) {
      const key = keyOf(keywordArgs(args).kwargs);
      const seen = new Set<unknown>();
      // Jinja's undefined values are all equal (one hash): the first is kept.
      const keyOrUndefined = (item: unknown) => { const k = key(item); return k instanceof JinjaUndefined ? JinjaUndefined : k; };
      return list(items).filter((item) => { const k = keyOrUndefined(item); if (seen.has(k)) return false; seen.add(k); return true; });
    },
    // Python's sort compares each undefined item of a list of two or more, which is its error; one alone is given back.
    sort: overKeys(function (this: unknown, items: unknown, ...args: unknown[]) {
      if (Array.isArray(items) && items.length > 1) failIfUndefined(...items);
      return nunjucksSort.call(this, items, ...args); // nunjucks' sort reads its environment from `this`
    }),
    min: extreme(-1),
    max: extreme(1),
    selectattr: select(true),
    rejectattr: select(false),
    items: (value: unknown) => (value && typeof value === 'object' ? dictEntries(value).map(pythonTuple) : []),
    tojson: (value: unknown) => jinjaToJsonFilter(value),
    pprint: (value: unknown) => pythonPformat(value),
    length: pythonLength,
    // Jinja's alias of length.
    count: pythonLength,
    format: (template: unknown, ...args: unknown[]) => percentFormat(template, args),
    truncate,
    attr: jinjaAttr,
    groupby: (items: unknown, ...args: unknown[]) => {
      const [attr, fallback, caseSensitive] = argsByName(args, ['attribute', 'default', 'case_sensitive']);
      return jinjaGroupby(list(items), attr, fallback, caseSensitive === true);
    },
    filesizeformat: (value: unknown, ...args: unknown[]) => jinjaFilesizeformat(value, argsByName(args, ['binary'])[0]),
    wordcount: jinjaWordcount,
    wordwrap: (value: unknown, ...args: unknown[]) => jinjaWordwrap(value, ...argsByName(args, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens']).slice(0, 4)),
    round: (value: unknown, ...args: unknown[]) => jinjaRound(value, ...argsByName(args, ['precision', 'method']).slice(0, 2)),
    int: (value: unknown, ...args: unknown[]) => jinjaInt(value, ...argsByName(args, ['default', 'base']).slice(0, 2)),
    float: (value: unknown, ...args: unknown[]) => jinjaFloat(value, ...argsByName(args, ['default']).slice(0, 1)),
  };
}
