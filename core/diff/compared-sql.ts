import type { StateStore } from '../state/state-store.js';
import type { Manifest, ManifestModel, ModelSql } from '../state/state-types.js';

/** A manifest model, with its SQL text when it travels with it (a manifest built in memory). */
export type DiffModel = ManifestModel & Partial<ModelSql>;

/** The SQL text a diff reads, by definition id. */
export type ComparedSql = ReadonlyMap<string, ModelSql>;

/**
 * The definitions whose SQL a diff from `base` to `head` reads: models whose definition differs (text,
 * config, file, path) and models added or removed. A model whose definition is shared can only have
 * changed through a parent, which needs no text: so a diff reads the SQL of the few models edited.
 */
export function definitionsToCompare(base: Pick<Manifest, 'models'>, head: Pick<Manifest, 'models'>): string[] {
  const before = new Map(base.models.map((m) => [m.name, m.definitionId]));
  const ids = new Set<string>();
  for (const model of head.models) {
    const earlier = before.get(model.name);
    if (earlier === model.definitionId) continue;
    ids.add(model.definitionId);
    if (earlier !== undefined) ids.add(earlier);
  }
  const names = new Set(head.models.map((m) => m.name));
  for (const model of base.models) if (!names.has(model.name)) ids.add(model.definitionId);
  return [...ids];
}

/** Reads from the state database the SQL a diff of two recorded manifests compares. */
export async function loadComparedSql(store: StateStore, repo: string, base: Manifest, head: Manifest): Promise<ComparedSql> {
  const ids = definitionsToCompare(base, head);
  return ids.length === 0 ? new Map() : store.getModelSql(repo, ids);
}

/** The SQL of a model: its own when it carries it, else the loaded text of its definition. */
export function sqlOf(model: DiffModel, loaded: ComparedSql | undefined): ModelSql {
  if (model.canonicalSql !== undefined) return { canonicalSql: model.canonicalSql, incrementalSql: model.incrementalSql ?? null };
  const found = loaded?.get(model.definitionId);
  if (!found) throw new Error(`internal error: the SQL of '${model.name}' (definition ${model.definitionId.slice(0, 12)}) was not loaded for the diff`);
  return found;
}
