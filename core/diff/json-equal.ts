/** Deep equality of JSON values (objects compared by keys, in any order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((value, i) => jsonEqual(value, b[i]));
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((key) => Object.hasOwn(y, key) && jsonEqual(x[key], y[key]));
}

/** The keys whose values differ between two records, sorted, with both values (undefined when absent). */
export function changedEntries(base: Record<string, unknown>, head: Record<string, unknown>): { name: string; base: unknown; head: unknown }[] {
  const keys = new Set([...Object.keys(base), ...Object.keys(head)]);
  return [...keys].sort()
    .filter((key) => !jsonEqual(base[key], head[key]) || Object.hasOwn(base, key) !== Object.hasOwn(head, key))
    .map((key) => ({ name: key, base: base[key], head: head[key] }));
}
