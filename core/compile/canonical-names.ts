/**
 * `refs` without repeats, each replaced by the model's own name string where there is one (`models`: the
 * project's models by name). The strings are equal either way; sharing one string per model spares every map keyed by
 * model name (references, graph, fingerprints) comparing 70,000 fresh copies character by character, and the
 * memory they would hold.
 */
export function canonicalNames(refs: readonly string[], models: ReadonlyMap<string, { name: string }>): string[] {
  return [...new Set(refs.map((ref) => models.get(ref)?.name ?? ref))];
}
