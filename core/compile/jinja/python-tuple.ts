/*
 * Jinja's tuples: `(1, 2)`, `('a',)`, a macro's `varargs`, the pairs of `d.items()`, `dictsort` and `zip()`, the
 * parts of `partition()`. They are arrays in templates (indexed, looped, unpacked as lists are), marked so that
 * they print as Python prints a tuple (`(1, 2)`, `('a',)`), are the argument list on the right of `%`
 * (`'%s-%s' % (a, b)`, where a list is one argument: `'%s' % [1]` is `[1]`), and never equal a list.
 */

const TUPLE = Symbol('python tuple');

/** The array, marked as a tuple (it is changed in place and returned). */
export function pythonTuple<T extends unknown[]>(items: T): T {
  (items as unknown as Record<symbol, boolean>)[TUPLE] = true;
  return items;
}

export function isPythonTuple(value: unknown): value is unknown[] {
  return Array.isArray(value) && (value as unknown as Record<symbol, boolean>)[TUPLE] === true;
}
