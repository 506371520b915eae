import { failOnKeywords, keywordArgs } from './keyword-args.js';
import { pythonTuple } from './python-tuple.js';
import { isUndefined, JinjaUndefined, takingUndefined, undefinedAsMissing } from './jinja-undefined.js';
import { jinjaEquals } from './python-operators.js';
import { pythonRepr } from './python-repr.js';
import { assignDict, copyNumberKeys, dictEntries, dictKeys, heldKey, storedKey } from './number-keys.js';

/**
 * Python's list and dict methods that dbt macros call (`{% do cols.append(c) %}`, `for k, v in d.items()`,
 * `d.get('x', 1)`), with Python's meaning, for the nunjucks render path (jinja-renderer wraps its member
 * lookup with these; the lite path declines templates that use them). They get undefined values as they are
 * (jinja-undefined.ts): a list or dict keeps one as Jinja's does (`[Undefined]`), and one equals another.
 * Items are found with Jinja's == (`[1].index(1.0)` is 0, `[[1]].count([1])` 1); index() and remove() of an item the
 * list does not hold raise Python's ValueError, as a list's pop() its IndexError and a dict's pop() of a key it lacks,
 * without a default, its KeyError.
 */

type Method = (...args: unknown[]) => unknown;

const plain = (args: unknown[]): unknown[] => keywordArgs(args).positional;

const MUST_BE_INTEGER = "'Undefined' object cannot be interpreted as an integer";

/** A position given to index() as Python reads it: from the end when negative, within the list. */
function bound(value: unknown, length: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return bound(Number(value), length, fallback);
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new Error('slice indices must be integers or have an __index__ method');
  return Math.min(length, Math.max(0, value < 0 ? value + length : value));
}

/** Python's list.index(value, start, stop): the first position of an item equal to the value, else its ValueError. */
function indexOf(list: unknown[], args: unknown[]): number {
  const [value, start, stop] = plain(args);
  const [from, to] = [bound(start, list.length, 0), bound(stop, list.length, list.length)];
  for (let i = from; i < to; i++) if (jinjaEquals(list[i], value)) return i;
  throw new Error(`${pythonRepr(value)} is not in list`);
}

/** Python's list.pop(index=-1), and its IndexError or TypeError. */
function pop(list: unknown[], args: unknown[]): unknown {
  const positional = plain(args);
  if (positional[0] instanceof JinjaUndefined) throw new Error(MUST_BE_INTEGER);
  if (!list.length) throw new Error('pop from empty list');
  if (!positional.length) return list.pop();
  const at = Number(positional[0]);
  const index = at < 0 ? at + list.length : at;
  if (!(index >= 0 && index < list.length)) throw new Error('pop index out of range');
  return list.splice(index, 1)[0];
}

/** Python's order of numbers (booleans among them) and of strings; other items keep their order, and so do the two kinds. */
function pythonOrder(a: unknown, b: unknown): number {
  const [x, y] = [typeof a === 'boolean' ? Number(a) : a, typeof b === 'boolean' ? Number(b) : b];
  if (typeof x !== typeof y || (typeof x !== 'number' && typeof x !== 'string')) return 0;
  return (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
}

function listMethod(list: unknown[], name: string): Method | undefined {
  switch (name) {
    case 'append': return (...args) => { list.push(plain(args)[0]); return null; };
    case 'extend': return (...args) => { list.push(...(undefinedAsMissing(plain(args)[0]) as unknown[] ?? [])); return null; };
    case 'insert': return (...args) => {
      const [at, value] = plain(args);
      if (at instanceof JinjaUndefined) throw new Error(MUST_BE_INTEGER);
      list.splice(Number(at), 0, value);
      return null;
    };
    case 'pop': return (...args) => pop(list, args);
    case 'remove': return (...args) => {
      const at = list.findIndex((item) => jinjaEquals(item, plain(args)[0]));
      if (at < 0) throw new Error('list.remove(x): x not in list');
      list.splice(at, 1);
      return null;
    };
    case 'index': return (...args) => indexOf(list, args);
    case 'count': return (...args) => list.filter((item) => jinjaEquals(item, plain(args)[0])).length;
    case 'copy': return () => [...list];
    case 'clear': return () => { list.length = 0; return null; };
    case 'reverse': return () => { list.reverse(); return null; };
    case 'sort': return (...args) => { list.sort(pythonOrder); if (keywordArgs(args).kwargs.reverse) list.reverse(); return null; };
    default: return undefined;
  }
}

/** Python's dict.pop(key[, default]): the key's value, removed; else the default, and without one its KeyError. */
function popKey(dict: Record<string, unknown>, args: unknown[]): unknown {
  const [key, fallback] = args;
  const held = heldKey(dict, key);
  if (held === undefined) {
    if (args.length < 2) throw new Error(`KeyError: ${pythonRepr(key)}`);
    return fallback;
  }
  const value = dict[held];
  delete dict[held];
  return value;
}

/** Python's dict.update(other, **kwargs): the other dict's items (its number keys kept as numbers), then the keyword arguments. */
function update(dict: Record<string, unknown>, args: unknown[]): null {
  const { positional: [other], kwargs } = keywordArgs(args);
  const from = undefinedAsMissing(other);
  if (from !== undefined && from !== null) assignDict(dict, from);
  Object.assign(dict, kwargs);
  return null;
}

function dictMethod(dict: Record<string, unknown>, name: string): Method | undefined {
  // A key is found as Python finds it: `'1'` not as the number key `1` (number-keys.ts); an undefined one never.
  const held = (key: unknown) => (isUndefined(key) ? undefined : heldKey(dict, key));
  switch (name) {
    case 'items': return () => dictEntries(dict).map(pythonTuple);
    case 'keys': return () => dictKeys(dict);
    case 'values': return () => Object.values(dict);
    case 'get': return (...args) => { const [key, fallback] = plain(args); const at = held(key); return at !== undefined ? dict[at] : fallback ?? null; };
    case 'update': return (...args) => update(dict, args);
    case 'pop': return (...args) => popKey(dict, plain(args));
    case 'copy': return () => copyNumberKeys(dict, { ...dict });
    case 'clear': return () => { for (const key of Object.keys(dict)) delete dict[key]; return null; };
    case 'setdefault': return (...args) => {
      const [key, value] = plain(args);
      const at = held(key) ?? storedKey(dict, key);
      if (!Object.hasOwn(dict, at)) dict[at] = value ?? null;
      return dict[at];
    };
    default: return undefined;
  }
}

/** A plain object (a dict), not a class instance, a function or a string object. */
export function isDict(value: unknown): value is Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * `obj.name` as Python's list or dict method bound to `obj`, or undefined. A dict's own key of that name
 * wins (`{'items': [...]}.items` is the list), as dicts of config values are read that way.
 */
export function pythonCollectionMethod(obj: unknown, name: unknown): Method | undefined {
  if (typeof name !== 'string') return undefined;
  const method = Array.isArray(obj) ? listMethod(obj, name) : isDict(obj) && !Object.prototype.hasOwnProperty.call(obj, name) ? dictMethod(obj, name) : undefined;
  if (!method) return undefined;
  // Python's methods take no keyword arguments (`cols.index('a', start=1)` is its TypeError), but these.
  const label = `${Array.isArray(obj) ? 'list' : 'dict'}.${name}`;
  const allowed = label === 'list.sort' ? ['key', 'reverse'] : label === 'dict.update' ? 'any' : [];
  return takingUndefined((...args: unknown[]) => {
    failOnKeywords(args, label, allowed);
    return method(...args);
  });
}
