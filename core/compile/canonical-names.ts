/** Each model's name string by itself (the values of an importIndex), per project. */
const namesByIndex = new WeakMap<ReadonlyMap<string, string>, Map<string, string>>();

/**
 * `refs` without repeats, each replaced by the model's own name string where there is one (importIndex's
 * values). The strings are equal either way; sharing one string per model spares every map keyed by model
 * name (references, graph, fingerprints) comparing 70,000 fresh copies character by character, and the
 * memory they would hold.
 */
export function canonicalNames(refs: readonly string[], importIndex: ReadonlyMap<string, string>): string[] {
  let names = namesByIndex.get(importIndex);
  if (!names) {
    names = new Map();
    for (const name of importIndex.values()) names.set(name, name);
    namesByIndex.set(importIndex, names);
  }
  return [...new Set(refs.map((ref) => names.get(ref) ?? ref))];
}
