import { createHash } from 'node:crypto';
import { refPlaceholder } from '../../core/compile/placeholders.js';
import { modelDefinitionId } from '../../core/state/model-definition-id.js';
import type { Manifest, ManifestModelWithSql } from '../../core/state/state-types.js';

const hash = (text: string) => createHash('sha256').update(text).digest('hex');

/** A recorded model for tests: fingerprint derived from its SQL, config and parents' fingerprints. */
export function manifestModel(name: string, sql: string, overrides: Partial<Omit<ManifestModelWithSql, 'definitionId'>> = {}): ManifestModelWithSql {
  const model = {
    name,
    path: `models/${name}.sql`,
    blobId: hash(`blob:${sql}`).slice(0, 40),
    config: { materialized: 'view' },
    materialized: 'view',
    refs: [],
    sources: [],
    datasets: {},
    canonicalSql: sql,
    incrementalSql: null,
    contentHash: hash(sql),
    fingerprint: hash(sql),
    columns: [],
    usedMacros: [],
    usedVars: [],
    ...overrides,
  };
  return { ...model, definitionId: modelDefinitionId(model) };
}

export function manifest(commit: string, models: ManifestModelWithSql[], extra: Partial<Omit<Manifest, 'models'>> = {}): Omit<Manifest, 'models'> & { models: ManifestModelWithSql[] } {
  return {
    commit,
    parents: [],
    recordedAt: '2026-01-01T00:00:00.000Z',
    projectName: 'shop',
    models: [...models].sort((a, b) => (a.name < b.name ? -1 : 1)),
    macros: [],
    vars: {},
    compilerRevision: 1,
    ...extra,
  };
}

/** Up to three earlier models, in a fixed pattern that keeps downstream sets small. */
function defaultParents(i: number): number[] {
  return [i - 1, i - 7, i - 101].filter((p) => i % 10 !== 0 || p === i - 1).slice(0, i % 4);
}

/**
 * `count` models where model i reads the models `parentsOf(i)` (default: up to three earlier ones), each with about 20 lines of
 * SQL; fingerprints chain through parents as compile's do. `edit(i, sql)` may change model i's SQL.
 */
export function syntheticManifest(commit: string, count: number, edit: (i: number, sql: string) => string = (_, sql) => sql,
  parentsOf: (i: number) => number[] = defaultParents): Omit<Manifest, 'models'> & { models: ManifestModelWithSql[] } {
  const models: ManifestModelWithSql[] = [];
  const name = (i: number) => `model_${String(i).padStart(5, '0')}`;
  for (let i = 0; i < count; i++) {
    const parents = parentsOf(i).filter((p) => p >= 0 && p < i);
    const refs = parents.map(name).sort();
    const from = refs.length ? refs.map((r, k) => `${k ? 'JOIN' : 'FROM'} ${refPlaceholder(r)} t${k}${k ? ' USING (id)' : ''}`).join('\n') : 'FROM (VALUES (1)) v(id)';
    const columns = Array.from({ length: 16 }, (_, c) => `  id * ${c + 1} AS col_${c},`).join('\n');
    const sql = edit(i, `-- ${name(i)}\nSELECT\n${columns}\n  id\n${from}\nWHERE id > ${i % 13}`);
    const fingerprint = hash(sql + refs.map((r) => models[Number(r.slice(6))].fingerprint).join(','));
    models.push(manifestModel(name(i), sql, { refs, fingerprint }));
  }
  return manifest(commit, models);
}
