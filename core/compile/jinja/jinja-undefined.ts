import { ExactInteger } from '../../util/exact-integer.js';
import { isPythonFloat } from './python-float.js';
import { isPythonTuple } from './python-tuple.js';

/*
 * Jinja2's default Undefined, which dbt renders models with: a missing name (`{{ x }}`), or a missing attribute
 * or item of a value (`{{ d.missing }}`, `{{ cols[9] }}`), prints as nothing, is false, iterates as nothing, is
 * not `defined`, takes a `default(...)` and equals only another undefined value; anything else done with it
 * (`x + 1`, `x < 1`, `x.attr`, `x['k']`, `x[1:]`, `x | int`) raises an error with Jinja's message (`'x' is
 * undefined`, `'dict object' has no attribute 'k'`), where nunjucks gave NaN or an empty value: silently wrong SQL.
 *
 * nunjucks' compiled templates get a JinjaUndefined for a missing name or member (nunjucks-undefined.ts); the lite
 * renderer keeps JavaScript's undefined and leaves anything that would raise to nunjucks.
 */

/** An undefined value of a nunjucks render: what is missing, in Jinja's words (the message of the error it raises). */
export class JinjaUndefined {
  constructor(readonly message: string) {}

  /** Jinja's str of an Undefined: empty (`~`, `%s`, format(), join). */
  toString(): string {
    return '';
  }

  /** Raises Jinja's UndefinedError for this value. */
  fail(): never {
    throw new UndefinedError(this.message);
  }
}

/** Jinja's UndefinedError: something other than printing, testing or iterating was done with an undefined value. */
export class UndefinedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndefinedError';
  }
}

/** Whether a value is undefined: nunjucks' JinjaUndefined, or JavaScript's undefined (the lite renderer's). */
export const isUndefined = (value: unknown): boolean => value === undefined || value instanceof JinjaUndefined;

/** Raises the UndefinedError of the first of `values` that is a JinjaUndefined, if any. */
export function failIfUndefined(...values: unknown[]): void {
  for (const value of values) if (value instanceof JinjaUndefined) value.fail();
}

/** A JinjaUndefined as JavaScript's undefined (what host functions and nunjucks' filters and tests expect), else the value. */
export const undefinedAsMissing = (value: unknown): unknown => (value instanceof JinjaUndefined ? undefined : value);

const TAKES_UNDEFINED: unique symbol = Symbol('takes undefined values');

/**
 * Marks a function that a call passes undefined arguments on to as they are (a function of amp-dbt's gets
 * JavaScript's undefined): Python's list and dict methods, so `cols.append(x)` keeps Jinja's Undefined in the
 * list (printed `[Undefined]`, as in Jinja), and macros (markMacro).
 */
export function takingUndefined<T extends (...args: never[]) => unknown>(fn: T): T {
  return Object.assign(fn, { [TAKES_UNDEFINED]: true });
}

const MACRO_NAME: unique symbol = Symbol('macro name');

/**
 * Marks a function as a template macro named `name` (a compiled one, or the wrapper a renderer installs it as): a
 * call of it passes undefined arguments on as they are, so its parameter is undefined in it as in Jinja; printed, it
 * is Jinja's `<Macro 'name'>` (python-repr.ts).
 */
export function markMacro<T extends (...args: never[]) => unknown>(fn: T, name: string): T {
  return Object.assign(takingUndefined(fn), { [MACRO_NAME]: name });
}

/** The name of a macro markMacro marked, else undefined. */
export const macroName = (fn: unknown): string | undefined => (typeof fn === 'function' ? (fn as { [MACRO_NAME]?: string })[MACRO_NAME] : undefined);

export const takesUndefined = (fn: unknown): boolean => typeof fn === 'function' && Object.hasOwn(fn, TAKES_UNDEFINED);

/** A missing name: `'x' is undefined`; a macro's parameter the call did not pass: `parameter 'x' was not provided`. */
export function undefinedName(name: string, parameter = false): JinjaUndefined {
  return new JinjaUndefined(parameter ? `parameter '${name}' was not provided` : `'${name}' is undefined`);
}

/**
 * A missing attribute or item of a defined value, as Jinja says it: `'dict object' has no attribute 'k'` (also
 * for `d['k']`), `list object has no element 5` for a number index, `'None' has no attribute 'x'`.
 */
export function missingMember(obj: unknown, key: unknown): JinjaUndefined {
  const type = objectTypeRepr(obj);
  if (typeof key === 'number' || key instanceof ExactInteger) return new JinjaUndefined(`${type} has no element ${String(key)}`);
  return new JinjaUndefined(`'${type}' has no attribute '${String(key)}'`);
}

/** Jinja's object_type_repr: `None`, or `<Python type> object`. */
function objectTypeRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return 'bool object';
  if (isPythonFloat(value) || (typeof value === 'number' && !Number.isInteger(value))) return 'float object';
  if (typeof value === 'number' || value instanceof ExactInteger) return 'int object';
  if (typeof value === 'string' || value instanceof String) return 'str object';
  if (Array.isArray(value)) return isPythonTuple(value) ? 'tuple object' : 'list object';
  const proto = typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) return 'dict object';
  return `${proto?.constructor?.name ?? typeof value} object`;
}
