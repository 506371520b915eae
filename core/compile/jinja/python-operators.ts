import { ExactInteger } from '../../util/exact-integer.js';
import { LiteSafeString } from './lite/lite-safe-string.js';
import { percentFormat } from './python-formatting.js';
import { isPythonFloat, numeric, PythonFloat } from './python-float.js';
import { isDict, pythonStr } from './python-repr.js';
import { isPythonTuple, pythonTuple } from './python-tuple.js';
import { failIfUndefined, isUndefined, JinjaUndefined } from './jinja-undefined.js';
import { heldKey } from './number-keys.js';

/*
 * Jinja's (Python's) `+`, `*` and `%` where JavaScript's differ, for both render paths (nunjucks' compiled
 * templates call them through its runtime module, the lite interpreter directly): lists are joined by `+`
 * (`cols + ['id']`), strings and lists repeated by `*` (`'-' * 10`), and a string `%` values formats them
 * (`'%s_%02d' % (name, n)`), a number `%` a number has the sign of the divisor (`-7 % 3` is 2), and a negative
 * index counts from the end (`name.split('.')[-1]`). Numbers keep Python's float or int: `/` gives a float
 * (`4 / 2` is `2.0`), `+ - * // % **` a float when an operand is one (`1.5 + 1.5` is `3.0`), `//` and `%` by
 * zero fail as in Python; `~` joins Python's str of both (`'a' ~ none` is `aNone`). Values Python does not combine
 * so are its TypeError (`[1] * '3'`, `'a' / 2`, `-none`); a host object (a function, a date) keeps JavaScript's
 * operator, as before. An undefined operand (jinja-undefined.ts) raises Jinja's UndefinedError,
 * except for `~`, `==` and `!=`, and `%` formatting it into a string.
 */

/** A string, or a String object (a macro's output is a nunjucks SafeString). */
const isText = (value: unknown): boolean => typeof value === 'string' || value instanceof String;

/**
 * A number result of two operands: a float when either is (an integral one a PythonFloat), else an int. An int
 * result past 2^53, where a double no longer holds every integer, is computed again exactly by `exact` (an
 * ExactInteger: `2 ** 53 + 1` is 9007199254740993, as Python's ints; it was 9007199254740992), only then.
 */
function numberResult(left: unknown, right: unknown, result: number, exact?: (a: bigint, b: bigint) => bigint): number | PythonFloat | ExactInteger {
  if (exact && !Number.isSafeInteger(result) && isInt(left) && isInt(right) && !Number.isNaN(result)) return exactInteger(exact(bigInt(left), bigInt(right)));
  return Number.isInteger(result) && (isPythonFloat(left) || isPythonFloat(right)) ? PythonFloat.of(result) : result;
}

const isInt = (value: unknown): boolean => (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'boolean' || value instanceof ExactInteger;
const bigInt = (value: unknown): bigint => BigInt(value instanceof ExactInteger ? value.digits : Number(value));
const exactInteger = (value: bigint): number | ExactInteger => (Number.isSafeInteger(Number(value)) ? Number(value) : new ExactInteger(value.toString()));
/** The largest exponent `**` computes exactly (Python's ints have no bound; a huge power stays a double's). */
const MAX_EXACT_EXPONENT = 4096n;

/** Both operands as numbers (a PythonFloat's, an ExactInteger's value; booleans as 0 and 1), or undefined unless both are numbers. */
function numbers(left: unknown, right: unknown): [number, number] | undefined {
  const [a, b] = [numeric(left), numeric(right)];
  const isNumber = (x: unknown) => typeof x === 'number' || typeof x === 'boolean';
  return isNumber(a) && isNumber(b) ? [Number(a), Number(b)] : undefined;
}

export function pythonAdd(left: any, right: any): unknown {
  failIfUndefined(left, right);
  if (Array.isArray(left) && Array.isArray(right) && isPythonTuple(left) === isPythonTuple(right)) return sameKind(left, left.concat(right));
  const both = numbers(left, right);
  if (both) return numberResult(left, right, both[0] + both[1], (a, b) => a + b);
  if (!(isText(left) && isText(right))) checkAddable(left, right);
  return left + right;
}

/**
 * Python's TypeError for `+` of two of its values that do not add (`'x' + 1`, `1 + 'x'`, `[1] + 'x'`, `none + 1`);
 * an undefined name or a host object (a function, a date) is left to JavaScript's `+`, as before (`-` likewise).
 */
function checkAddable(left: unknown, right: unknown): void {
  const a = pythonTypeName(left);
  if (a === undefined || pythonTypeName(right) === undefined) return;
  if (a === 'str' || a === 'list' || a === 'tuple') throw new Error(`can only concatenate ${a} (not "${pythonTypeName(right)}") to ${a}`);
  failUnsupported('+', left, right);
}

/**
 * Python's TypeError for a binary operator of two of its values it does not apply to (`'a' / 2`, `[1] % 2`,
 * `none * 2`); when either is not one of Python's values (a function, a date) nothing is said, and the caller
 * keeps JavaScript's operator, as before.
 */
function failUnsupported(op: string, left: unknown, right: unknown): void {
  const [a, b] = [pythonTypeName(left), pythonTypeName(right)];
  if (a !== undefined && b !== undefined) throw new Error(`unsupported operand type(s) for ${op}: '${a}' and '${b}'`);
}

/** Python's TypeError for unary `-` or `+` of one of its values that is no number (`-'a'`, `-none`). */
function failUnary(op: string, value: unknown): void {
  const type = pythonTypeName(value);
  if (type !== undefined) throw new Error(`bad operand type for unary ${op}: '${type}'`);
}

/** The name of a value's Python type, or undefined when it is not one of the values templates make. */
export function pythonTypeName(value: unknown): string | undefined {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || value instanceof ExactInteger) return Number.isInteger(Number(value)) ? 'int' : 'float';
  if (isPythonFloat(value)) return 'float';
  if (isText(value)) return 'str';
  if (Array.isArray(value)) return isPythonTuple(value) ? 'tuple' : 'list';
  return isDict(value) ? 'dict' : undefined;
}

/** Python's TypeError for len() of a value that has none: the `length` and `count` filters of a number or none (nunjucks gave '' and 0). */
export function failIfNoLength(value: unknown): void {
  const type = pythonTypeName(value);
  if (type === 'NoneType' || type === 'bool' || type === 'int' || type === 'float') throw new Error(`object of type '${type}' has no len()`);
}

export function pythonSubtract(left: any, right: any): unknown {
  failIfUndefined(left, right);
  const both = numbers(left, right);
  if (both) return numberResult(left, right, both[0] - both[1], (a, b) => a - b);
  failUnsupported('-', left, right);
  return left - right;
}

/** `/`: always a float, as in Python 3. */
export function pythonDivide(left: any, right: any): unknown {
  failIfUndefined(left, right);
  const both = numbers(left, right);
  if (!both) {
    failUnsupported('/', left, right);
    return left / right;
  }
  if (both[1] === 0) throw new Error('division by zero');
  return PythonFloat.of(both[0] / both[1]);
}

export function pythonFloorDivide(left: any, right: any): unknown {
  failIfUndefined(left, right);
  const both = numbers(left, right);
  if (!both) {
    failUnsupported('//', left, right);
    return Math.floor(left / right);
  }
  if (both[1] === 0) throw new Error(isPythonFloat(left) || isPythonFloat(right) ? 'float floor division by zero' : 'integer division or modulo by zero');
  return numberResult(left, right, Math.floor(both[0] / both[1]));
}

/** `**`: a float when an operand is one, or the exponent is negative (`2 ** -1` is 0.5, `10 ** -1` 0.1). */
export function pythonPower(left: any, right: any): unknown {
  failIfUndefined(left, right);
  const both = numbers(left, right);
  if (!both) {
    failUnsupported('** or pow()', left, right);
    return Math.pow(left, right);
  }
  const result = Math.pow(both[0], both[1]);
  return both[1] < 0 ? PythonFloat.of(result) : numberResult(left, right, result, (a, b) => (b <= MAX_EXACT_EXPONENT ? a ** b : BigInt(result)));
}

export function pythonNegate(value: any): unknown {
  failIfUndefined(value);
  const number = numeric(value);
  if (typeof number === 'boolean') return -Number(number);
  if (typeof number !== 'number') {
    failUnary('-', value);
    return -value;
  }
  return isPythonFloat(value) ? PythonFloat.of(-number) : -number;
}

export function pythonPositive(value: any): unknown {
  failIfUndefined(value);
  if (value instanceof PythonFloat || value instanceof ExactInteger) return value;
  if (typeof value !== 'number' && typeof value !== 'boolean') failUnary('+', value);
  return +value;
}

/** `~`: Python's str of both sides (an undefined one is ''). */
export function jinjaConcat(left: unknown, right: unknown): string {
  return pythonStr(left) + pythonStr(right);
}

/**
 * `*`: a string, list or tuple repeated by an int (a bool counts as one: `'a' * true` is `a`), else numbers;
 * a sequence times anything else, or two values Python does not multiply, is its TypeError.
 */
export function pythonMultiply(left: any, right: any): unknown {
  failIfUndefined(left, right);
  const sequence = (value: unknown) => isText(value) || Array.isArray(value);
  if (sequence(left) || sequence(right)) {
    const [items, times] = sequence(left) ? [left, right] : [right, left];
    if (isInt(times)) return repeat(items, Number(numeric(times)));
    const type = pythonTypeName(times);
    if (type !== undefined) throw new Error(`can't multiply sequence by non-int of type '${type}'`);
    return left * right;
  }
  const both = numbers(left, right);
  if (both) return numberResult(left, right, both[0] * both[1], (a, b) => a * b);
  failUnsupported('*', left, right);
  return left * right;
}

/** A string or list repeated `times` times (none when not positive); Python's OverflowError past what an index holds. */
function repeat(items: unknown, times: number): unknown {
  if (!Number.isSafeInteger(times)) throw new Error("cannot fit 'int' into an index-sized integer");
  return Array.isArray(items) ? repeatList(items, times) : String(items).repeat(Math.max(0, times));
}

export function pythonModulo(left: any, right: any): unknown {
  // `'%s' % x` formats an undefined x as Jinja's str of it, ''.
  if (!isText(left)) failIfUndefined(left, right);
  const both = numbers(left, right);
  if (both) {
    const [a, b] = both;
    if (b === 0) throw new Error(isPythonFloat(left) || isPythonFloat(right) ? 'float modulo' : 'integer modulo by zero');
    const rest = a % b;
    return numberResult(left, right, rest !== 0 && rest < 0 !== b < 0 ? rest + b : rest);
  }
  if (!isText(left)) {
    failUnsupported('%', left, right);
    return left % right;
  }
  if (isPythonTuple(right)) return percentFormat(left, right);
  // A dict is the mapping of `%(name)s`, else the one value (`'%s' % {'a': 1}` is `{'a': 1}`).
  if (isDict(right) && String(left).includes('%(')) return percentFormat(left, [{ ...right, __keywords: true }], true);
  return percentFormat(left, [right], isDict(right) || Array.isArray(right));
}

/**
 * `key in container` as Python's: a substring of a string (a macro's output too: nunjucks looked for a property of
 * it, so `'val' in m()` was True), an item of a list or tuple equal to the key (`[1] in [[1]]`, `1 in [1.0]`), a key of
 * a dict (its own: `'items' in {}` is False; a number key not for a string, `'1' in {1: 'x'}` is False). A key that is
 * no string in a string, a list or dict as a dict's key, and a container Python does not iterate (`'a' in 1`) are its
 * TypeError. An undefined operand is the caller's; a host object is `otherwise`'s (nunjucks' `in`).
 */
export function pythonIn(key: unknown, container: unknown, otherwise: (key: unknown, container: unknown) => boolean): boolean {
  const [keyType, containerType] = [pythonTypeName(key), pythonTypeName(container)];
  if (containerType === 'str') {
    if (keyType !== 'str' && keyType !== undefined) throw new Error(`'in <string>' requires string as left operand, not ${keyType}`);
    return isText(key) ? String(container).includes(String(key)) : otherwise(key, container);
  }
  if (Array.isArray(container)) return container.some((item) => jinjaEquals(item, key));
  if (isDict(container)) {
    if (keyType === 'list' || keyType === 'dict') throw new Error(`unhashable type: '${keyType}'`);
    return keyType === undefined || keyType === 'NoneType' || keyType === 'tuple' ? otherwise(key, container) : heldKey(container, key) !== undefined;
  }
  if (containerType !== undefined && keyType !== undefined) throw new Error(`argument of type '${containerType}' is not iterable`);
  return otherwise(key, container);
}

/**
 * Whether a value is true as Jinja (Python) tests it in `if`, `and`, `or` and `x if c else y`: an empty
 * list or dict is false (JavaScript's are true), as is a macro's empty output (a SafeString object).
 */
export function jinjaTruthy(value: unknown): boolean {
  if (!value) return false;
  if (typeof value !== 'object') return true;
  if (value instanceof JinjaUndefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof String || value instanceof LiteSafeString) return value.length > 0;
  if (value instanceof PythonFloat) return value.value !== 0;
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
  return sameKind(list, out);
}

/** `items` as a tuple when `of` is one (a tuple's slice, repetition or sum is a tuple), else a list. */
const sameKind = (of: readonly unknown[], items: unknown[]): unknown[] => (isPythonTuple(of) ? pythonTuple(items) : items);

/**
 * Python's slice `value[start:stop:step]` of a string (by code point) or a list; missing bounds are null.
 * Anything else has no slice: undefined, as a lookup of something missing (it renders empty).
 */
export function pythonSlice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  failIfUndefined(value, start, stop, step);
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
  return text ? out.join('') : sameKind(items, out);
}

/**
 * `==` as Jinja's (Python's): lists and dicts equal when their items are (`cols == []`, `[1] == [1.0]`; JavaScript
 * compared the objects, so never), numbers by value (a float with no fraction, a long integer), a number never
 * equal to a string (`'1' == 1` is False), an undefined value only another; anything else as JavaScript's `==`, as before.
 */
export function jinjaEquals(left: unknown, right: unknown, depth = 0): boolean {
  if (left === right) return true;
  // Jinja's Undefined equals another undefined value only (`x == none` is False; JavaScript's undefined == null).
  if (isUndefined(left) || isUndefined(right)) return isUndefined(left) && isUndefined(right);
  if (typeof left === 'object' && typeof right === 'object' && left !== null && right !== null && depth < 100) {
    if (Array.isArray(left) || Array.isArray(right)) {
      return Array.isArray(left) && Array.isArray(right) && isPythonTuple(left) === isPythonTuple(right) && left.length === right.length && left.every((item, i) => jinjaEquals(item, right[i], depth + 1));
    }
    if (isDict(left) || isDict(right)) {
      if (!isDict(left) || !isDict(right)) return false;
      const keys = Object.keys(left);
      return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && jinjaEquals(left[key], right[key], depth + 1));
    }
  }
  // Numbers (and booleans) by value, strings by their text, never a number and a string ('1' == 1 is False, as
  // in Python; JavaScript's loose == said True); anything else JavaScript's loose ==, as nunjucks compiled it.
  const [a, b] = [numeric(left), numeric(right)];
  const aNumber = typeof a === 'number' || typeof a === 'boolean';
  const bNumber = typeof b === 'number' || typeof b === 'boolean';
  if (aNumber || bNumber) return aNumber && bNumber && Number(a) === Number(b);
  if (isText(left) || isText(right)) return isText(left) && isText(right) && String(left) === String(right);
  return (a as any) == b;
}
