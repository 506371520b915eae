import { LiteSafeString } from './lite/lite-safe-string.js';
import { percentFormat } from './python-formatting.js';

/*
 * Jinja's (Python's) `+`, `*` and `%` where JavaScript's differ, for both render paths (nunjucks' compiled
 * templates call them through its runtime module, the lite interpreter directly): lists are joined by `+`
 * (`cols + ['id']`), strings and lists repeated by `*` (`'-' * 10`), and a string `%` values formats them
 * (`'%s_%02d' % (name, n)`), a number `%` a number has the sign of the divisor (`-7 % 3` is 2), and a negative
 * index counts from the end (`name.split('.')[-1]`). Anything else is JavaScript's operator, as before.
 */

/** A string, or a String object (a macro's output is a nunjucks SafeString). */
const isText = (value: unknown): boolean => typeof value === 'string' || value instanceof String;

export function pythonAdd(left: any, right: any): unknown {
  if (Array.isArray(left) && Array.isArray(right)) return left.concat(right);
  return left + right;
}

export function pythonMultiply(left: any, right: any): unknown {
  if (Number.isInteger(right)) {
    if (isText(left)) return String(left).repeat(Math.max(0, right));
    if (Array.isArray(left)) return repeatList(left, right);
  }
  if (Number.isInteger(left)) {
    if (isText(right)) return String(right).repeat(Math.max(0, left));
    if (Array.isArray(right)) return repeatList(right, left);
  }
  return left * right;
}

export function pythonModulo(left: any, right: any): unknown {
  if (typeof left === 'number' && typeof right === 'number') {
    const rest = left % right;
    return rest !== 0 && rest < 0 !== right < 0 ? rest + right : rest;
  }
  if (!isText(left)) return left % right;
  if (Array.isArray(right)) return percentFormat(left, right);
  if (right !== null && typeof right === 'object' && !(right instanceof String)) return percentFormat(left, [{ ...right, __keywords: true }]);
  return percentFormat(left, [right]);
}

/**
 * Whether a value is true as Jinja (Python) tests it in `if`, `and`, `or` and `x if c else y`: an empty
 * list or dict is false (JavaScript's are true), as is a macro's empty output (a SafeString object).
 */
export function jinjaTruthy(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof String || value instanceof LiteSafeString) return value.length > 0;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null ? Object.keys(value).length > 0 : true;
}

/** The key a lookup `value[key]` reads: a negative integer index of a list or string counts from its end, as in Python. */
export function pythonIndex(value: unknown, key: unknown): unknown {
  if (typeof key !== 'number' || key >= 0 || !Number.isInteger(key)) return key;
  if (!Array.isArray(value) && !isText(value)) return key;
  const length = (value as { length: number }).length;
  return key + length;
}

function repeatList(list: readonly unknown[], times: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < times; i++) out.push(...list);
  return out;
}

/**
 * Python's slice `value[start:stop:step]` of a string (by code point) or a list; missing bounds are null.
 * Anything else has no slice: undefined, as a lookup of something missing (it renders empty).
 */
export function pythonSlice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  const text = typeof value === 'string' || value instanceof String;
  if (!text && !Array.isArray(value)) return undefined;
  const items: readonly unknown[] = text ? Array.from(String(value)) : (value as unknown[]);
  const n = items.length;
  const by = step === null || step === undefined ? 1 : Math.trunc(Number(step));
  if (by === 0 || Number.isNaN(by)) throw new Error('slice step cannot be zero');
  const index = (bound: unknown, fallback: number, low: number, high: number): number => {
    if (bound === null || bound === undefined) return fallback;
    let i = Math.trunc(Number(bound));
    if (i < 0) i += n;
    return Math.min(Math.max(i, low), high);
  };
  const out: unknown[] = [];
  if (by > 0) {
    for (let i = index(start, 0, 0, n), end = index(stop, n, 0, n); i < end; i += by) out.push(items[i]);
  } else {
    for (let i = index(start, n - 1, -1, n - 1), end = index(stop, -1, -1, n - 1); i > end; i += by) out.push(items[i]);
  }
  return text ? out.join('') : out;
}
