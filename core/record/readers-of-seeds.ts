import { seedsReadBy } from '../compile/seeds-read-by.js';
import type { Manifest, ModelSql } from '../state/state-types.js';

/**
 * The ancestor's models that read one of the seeds at `paths` (a ref of the file's name), from their recorded
 * SQL: a manifest keeps no list of the seeds a model reads, so the SQL of every model is read, once per
 * recording that edits a seed. A source-filling seed of the same name counts too: its namesakes are rendered
 * again for nothing, never kept wrongly.
 */
export async function readersOfSeeds(
  base: Pick<Manifest, 'models'>, paths: readonly string[], readSql: (ids: readonly string[]) => Promise<ReadonlyMap<string, ModelSql>>,
): Promise<Set<string>> {
  const names = new Set(paths.map((path) => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')));
  const sql = await readSql([...new Set(base.models.map((m) => m.definitionId))]);
  const readers = new Set<string>();
  for (const model of base.models) {
    const text = sql.get(model.definitionId);
    // A definition whose text is missing is taken for a reader: rendered again rather than kept wrongly.
    if (!text || seedsReadBy({ canonicalSql: text.canonicalSql, incrementalSql: text.incrementalSql }).some((name) => names.has(name))) readers.add(model.name);
  }
  return readers;
}
