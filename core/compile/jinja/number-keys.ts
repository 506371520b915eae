import { ExactInteger } from '../../util/exact-integer.js';
import { PythonFloat } from './python-float.js';

/*
 * A dict written with number keys (`{1: 'Jan', 2: 'Feb'}`) keeps them as JavaScript keys do, as text (so
 * `months[1]` finds its item), and remembers which keys were numbers, so it prints as Python's
 * `{1: 'Jan', 2: 'Feb'}` (it printed `{'1': 'Jan', '2': 'Feb'}`) and gives them back as numbers wherever Jinja
 * hands out its keys (a for loop, `keys()`, `items()`, `sum`, `sort`, `dictsort` ...: `{1: 'x'} | sum` is 1).
 */

const NUMBER_KEYS = Symbol('number keys');

/** The dict, marked as having these keys (their text) written as numbers. */
export function withNumberKeys<T extends object>(dict: T, keys: Iterable<string>): T {
  const known = (dict as Record<symbol, Set<string> | undefined>)[NUMBER_KEYS];
  if (known) for (const key of keys) known.add(key);
  else Object.defineProperty(dict, NUMBER_KEYS, { value: new Set(keys), enumerable: false });
  return dict;
}

/** Whether the dict's key was written as a number. */
export function isNumberKey(dict: object, key: string): boolean {
  return (dict as Record<symbol, Set<string> | undefined>)[NUMBER_KEYS]?.has(key) === true;
}

/** Whether any of the dict's keys was written as a number. */
export function hasNumberKeys(dict: object): boolean {
  return ((dict as Record<symbol, Set<string> | undefined>)[NUMBER_KEYS]?.size ?? 0) > 0;
}

/** A number key's number from its text: `1`, `2.5`, `1.0` a float, an integer past 2^53 exact. */
function keyNumber(text: string): unknown {
  if (/^-?\d+$/.test(text)) return Number.isSafeInteger(Number(text)) ? Number(text) : new ExactInteger(text);
  return PythonFloat.of(Number(text));
}

/** A key of the dict as Jinja gives it: a number key as its number, any other as its text. */
export function dictKey(dict: object, key: string): unknown {
  return isNumberKey(dict, key) ? keyNumber(key) : key;
}

/** The dict's keys in order, as Jinja iterates the dict (number keys as numbers). */
export function dictKeys(dict: object): unknown[] {
  const keys = Object.keys(dict);
  return hasNumberKeys(dict) ? keys.map((key) => dictKey(dict, key)) : keys;
}

/** The dict's key-value pairs in order, the keys as dictKeys gives them. */
export function dictEntries(dict: object): Array<[unknown, unknown]> {
  return Object.entries(dict).map(([key, value]) => [dictKey(dict, key), value]);
}

/** `to`, marked with the number keys of `from` it holds (a copy of `from`, or a dict updated with it). */
export function copyNumberKeys<T extends object>(from: unknown, to: T): T {
  if (!from || typeof from !== 'object' || !hasNumberKeys(from)) return to;
  return withNumberKeys(to, Object.keys(from).filter((key) => isNumberKey(from, key)));
}

/** `Object.assign(to, from)` of dicts: `to` takes the number keys of `from` with its items (`dict(other)`, `d.update(other)`). */
export function assignDict<T extends object>(to: T, from: object): T {
  return copyNumberKeys(from, Object.assign(to, from));
}

/**
 * The text under which the dict holds `key`, or undefined when it does not: a string only as a key written as text
 * (`'1'` does not find the key `1`), a number (a bool as 1 or 0, as Python hashes it) as a number key (`1` finds `1.0`
 * too) or as text: a dict read from YAML or JSON has its keys as text, written as numbers or not, and a number
 * found them before.
 */
export function heldKey(dict: object, key: unknown): string | undefined {
  if (typeof key === 'string' || key instanceof String) {
    const text = String(key);
    return Object.hasOwn(dict, text) && !isNumberKey(dict, text) ? text : undefined;
  }
  const number = typeof key === 'boolean' ? Number(key) : key instanceof ExactInteger ? key.digits : key instanceof PythonFloat ? key.value : key;
  if (typeof number !== 'number' && typeof number !== 'string') return undefined;
  const texts = typeof number === 'number' && Number.isInteger(number) ? [String(number), String(PythonFloat.of(number))] : [String(number)];
  return texts.find((text) => Object.hasOwn(dict, text));
}

/** The text a key is stored under, marking the dict when it is a number (setdefault() of a new key). */
export function storedKey(dict: object, key: unknown): string {
  const isNumber = typeof key === 'number' || typeof key === 'boolean' || key instanceof PythonFloat || key instanceof ExactInteger;
  if (!isNumber) return String(key);
  const text = typeof key === 'boolean' ? String(Number(key)) : String(key);
  withNumberKeys(dict, [text]);
  return text;
}
