/*
 * A dict written with number keys (`{1: 'Jan', 2: 'Feb'}`) keeps them as JavaScript keys do, as text (so
 * `months[1]` finds its item), and remembers which keys were numbers, so it prints as Python's
 * `{1: 'Jan', 2: 'Feb'}` (it printed `{'1': 'Jan', '2': 'Feb'}`).
 */

const NUMBER_KEYS = Symbol('number keys');

/** The dict, marked as having these keys (their text) written as numbers. */
export function withNumberKeys<T extends object>(dict: T, keys: readonly string[]): T {
  Object.defineProperty(dict, NUMBER_KEYS, { value: new Set(keys), enumerable: false });
  return dict;
}

/** Whether the dict's key was written as a number. */
export function isNumberKey(dict: object, key: string): boolean {
  return (dict as Record<symbol, Set<string> | undefined>)[NUMBER_KEYS]?.has(key) === true;
}
