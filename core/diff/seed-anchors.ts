import { seedsReadBy } from '../compile/seeds-read-by.js';
import { isGlob } from '../graph/glob-to-regexp.js';
import { parseSelector } from '../graph/parse-selector.js';
import type { StateStore } from '../state/state-store.js';
import type { Manifest } from '../state/state-types.js';
import type { DiffModel } from './compared-sql.js';

/** Plain names in selectors (`countries+`, `@countries`, `countries`) that name none of `models`: seeds, maybe. */
export function unknownNames(selectors: readonly string[], models: ReadonlySet<string>): string[] {
  const names = new Set<string>();
  for (const selector of selectors) {
    for (const term of parseSelector(selector)) {
      for (const atom of term) {
        if (atom.method === 'name' && !isGlob(atom.value) && !models.has(atom.value)) names.add(atom.value);
      }
    }
  }
  return [...names];
}

/** For each of `names` some model reads as a seed (`{{ ref('countries') }}` of a CSV), those models. */
export function seedReadersOf(models: readonly DiffModel[], sqlOf: (model: DiffModel) => { canonicalSql: string; incrementalSql?: string | null } | undefined, names: readonly string[]): Map<string, string[]> {
  const wanted = new Set(names);
  const readers = new Map<string, string[]>();
  for (const model of models) {
    const sql = sqlOf(model);
    if (!sql) continue;
    for (const seed of seedsReadBy(sql)) {
      if (!wanted.has(seed)) continue;
      const names = readers.get(seed);
      if (names) names.push(model.name);
      else readers.set(seed, [model.name]);
    }
  }
  return readers;
}

/**
 * The seeds `selectors` name and the models of a diff (head's, and those removed since base) reading them,
 * from the models' SQL: manifests record no seeds. The SQL of every model is read only when a selector
 * names something that is no model (a seed, or a typo); undefined when none does.
 */
export async function manifestSeedReaders(
  store: Pick<StateStore, 'getModelSql'>, repo: string, base: Manifest, head: Manifest, selectors: readonly string[],
): Promise<Map<string, string[]> | undefined> {
  const headNames = new Set(head.models.map((m) => m.name));
  const models: DiffModel[] = [...head.models, ...base.models.filter((m) => !headNames.has(m.name))];
  const names = unknownNames(selectors, new Set(models.map((m) => m.name)));
  if (names.length === 0) return undefined;
  const stored = await store.getModelSql(repo, models.filter((m) => m.canonicalSql === undefined).map((m) => m.definitionId));
  return seedReadersOf(models, (m) => (m.canonicalSql !== undefined ? { canonicalSql: m.canonicalSql, incrementalSql: m.incrementalSql } : stored.get(m.definitionId)), names);
}
