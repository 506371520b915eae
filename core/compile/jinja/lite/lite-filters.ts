import type { FilterName } from './lite-nodes.js';
import { LiteSafeString } from './lite-safe-string.js';
import { LiteUnsupported } from './lite-unsupported.js';
import { jinjaFloat, jinjaInt } from '../python-numbers.js';
import { pythonTrim } from '../python-string-methods.js';
import { isDict, pythonStr } from '../python-repr.js';
import { pythonJoin } from '../jinja-filters.js';
import { isPythonTuple } from '../python-tuple.js';
import { failIfNoLength } from '../python-operators.js';
import { dictKeys } from '../number-keys.js';

/**
 * The filters lite runs, with the behaviour of nunjucks 3.2.4's filters.js for every input
 * (including which inputs make nunjucks throw: lite then throws LiteUnsupported), except those that are
 * Jinja2's on both paths: `int` and `float` (python-numbers.ts), `join` and `string` (Python's str of the
 * values, jinja-filters.ts), `list`, `first` and `last` of a dict (its keys).
 * Values are `any`: these are JavaScript's own coercions, on purpose.
 */

const objectTag = (value: unknown) => Object.prototype.toString.call(value);
const unsupported = (what: string): never => {
  throw new LiteUnsupported(what);
};

/** nunjucks' normalize(value, ''): null, undefined and false become ''. */
const normalize = (value: unknown): unknown => (value === null || value === undefined || value === false ? '' : value);

/** nunjucks' copySafeness(dest, target) for a string target. */
const copySafeness = (dest: unknown, target: string): unknown => (dest instanceof LiteSafeString ? new LiteSafeString(target) : target);

/** lib.keys: own enumerable string keys, in for-in order. */
function ownKeys(value: object): string[] {
  const keys: string[] = [];
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) keys.push(key);
  return keys;
}

function join(arr: any, del: any, attr: any): unknown {
  if (!Array.isArray(arr)) return unsupported('join of a non-array');
  if (attr === undefined || attr === null || attr === '') return pythonJoin(arr, del);
  if (typeof attr === 'number' ? !Number.isInteger(attr) : typeof attr !== 'string' || attr in Object.prototype || attr.includes('.')) return unsupported(`join attribute '${String(attr)}'`);
  return pythonJoin(arr.map((item: any) => (item === null || item === undefined ? unsupported('join attribute of null') : item[attr])), del);
}

function length(val: unknown): unknown {
  failIfNoLength(val);
  const value: any = normalize(val);
  if (value instanceof Map || value instanceof Set) return value.size;
  if (objectTag(value) === '[object Object]' && !(value instanceof LiteSafeString)) return ownKeys(value).length;
  return value.length;
}

function changeCase(val: unknown, upper: boolean): unknown {
  const value = normalize(val);
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value instanceof LiteSafeString) text = value.val;
  else if (value instanceof String) text = String(value); // a relation (`this`, `ref()`): its text, as nunjucks' toUpperCase gives
  else return unsupported('upper/lower of a non-string');
  return upper ? text.toUpperCase() : text.toLowerCase();
}

const TRIM = /^\s*|\s*$/g;

function trim(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(TRIM, '');
  if (value instanceof LiteSafeString) return new LiteSafeString(value.val.replace(TRIM, ''));
  if (value instanceof String) return String(value).replace(TRIM, '');
  return unsupported('trim of a non-string');
}

function defaultFilter(value: any, fallback: unknown, boolean: unknown): unknown {
  if (boolean) return value || fallback;
  return value !== undefined ? value : fallback;
}

function replace(str: any, old: any, replacement: any, maxCount: any): unknown {
  const original = str;
  if (old instanceof RegExp) return unsupported('replace with a regex');
  if (maxCount === undefined) maxCount = -1;
  if (typeof old === 'number') old = '' + old;
  else if (typeof old !== 'string') return str;
  if (typeof str === 'number') str = '' + str;
  if (typeof str !== 'string' && !(str instanceof LiteSafeString)) return str;
  const text: string = typeof str === 'string' ? str : str.val;
  if (old === '') return copySafeness(str, replacement + text.split('').join(replacement) + replacement);
  let next = text.indexOf(old);
  if (maxCount === 0 || next === -1) return str;
  let out = '';
  let pos = 0;
  let count = 0;
  while (next > -1 && (maxCount === -1 || count < maxCount)) {
    out += text.substring(pos, next) + replacement;
    pos = next + old.length;
    count++;
    next = text.indexOf(old, pos);
  }
  if (pos < text.length) out += text.substring(pos);
  return copySafeness(original, out);
}

/** Jinja's `string`: Python's str (a macro's output as it is, a relation its text). */
function string(value: any): unknown {
  if (value instanceof LiteSafeString) return value;
  if (typeof value === 'function' || typeof value === 'symbol') return unsupported('string filter of this value');
  return value instanceof String ? value.toString() : pythonStr(value);
}

function list(value: any): unknown {
  const tag = objectTag(value);
  if (tag === '[object String]') return value.split('');
  if (tag === '[object Object]' && isDict(value)) return dictKeys(value); // a dict's keys, as Python's list()
  if (tag === '[object Object]') return ownKeys(value).map((key) => ({ key, value: value[key] }));
  if (tag === '[object Array]') return isPythonTuple(value) ? [...value] : value; // a tuple's list is a list
  return unsupported('list of a non-iterable');
}

export function applyFilter(name: FilterName, args: any[]): unknown {
  const [value, a, b, c] = args;
  switch (name) {
    case 'join':
      return join(value, a, b);
    case 'length':
      return length(value);
    case 'upper':
      return changeCase(value, true);
    case 'lower':
      return changeCase(value, false);
    case 'trim':
      return pythonTrim(value, a, () => trim(value));
    case 'default':
      return defaultFilter(value, a, b);
    case 'replace':
      return replace(value, a, b, c);
    case 'string':
      return string(value);
    case 'int':
      return jinjaInt(value, ...args.slice(1, 3));
    case 'float':
      return jinjaFloat(value, ...args.slice(1, 2));
    case 'first':
      return isDict(value) ? dictKeys(value)[0] : value[0];
    case 'last': {
      const items = isDict(value) ? dictKeys(value) : value;
      return items[items.length - 1];
    }
    case 'list':
      return list(value);
  }
}
