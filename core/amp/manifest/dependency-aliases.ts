import { DEPENDENCY_ALIAS } from '../amp-naming.js';

/**
 * The `dependencies` map of one manifest being built: alias -> `namespace/name@version`. Each dataset
 * gets one alias: the preferred one when it is free (or already names the same dataset), else the
 * preferred one with `_2`, `_3`, ... Names that are not valid aliases are made valid.
 */
export class DependencyAliases {
  private readonly byAlias = new Map<string, string>();

  alias(preferred: string, reference: string): string {
    const base = validAlias(preferred);
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? base : `${base}_${n}`;
      const taken = this.byAlias.get(candidate);
      if (taken === undefined) this.byAlias.set(candidate, reference);
      if (taken === undefined || taken === reference) return candidate;
    }
  }

  /** Sorted by alias, so equal inputs give byte-equal manifests. */
  toRecord(): Record<string, string> {
    return Object.fromEntries([...this.byAlias].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}

/** A valid alias (`^[a-zA-Z][a-zA-Z0-9_]*$`) from any name: other characters become `_`, a leading non-letter gets `d_`. */
function validAlias(name: string): string {
  if (DEPENDENCY_ALIAS.test(name)) return name;
  const cleaned = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z]/.test(cleaned) ? cleaned : `d_${cleaned}`;
}
