import { modelDefinitionId } from '../../../core/state/model-definition-id.js';
import type { ManifestInput, ManifestModel, ManifestModelWithSql } from '../../../core/state/state-types.js';

type ModelFields = Omit<ManifestModelWithSql, 'definitionId'>;

/** A model with its SQL and the definition id of what it says (computed after `overrides`). */
export function withDefinition(model: ModelFields): ManifestModelWithSql {
  return { ...model, definitionId: modelDefinitionId(model) };
}

/** The models as a manifest read back from the store has them: without their SQL text. */
export function withoutSql(models: readonly ManifestModelWithSql[]): ManifestModel[] {
  return models.map(({ canonicalSql: _c, incrementalSql: _i, ...model }) => model);
}

export function manifestModel(name: string, overrides: Partial<ModelFields> = {}): ManifestModelWithSql {
  return withDefinition({
    name,
    path: `models/${name}.sql`,
    blobId: `blob-${name}`,
    config: { materialized: 'table', tags: ['daily'], unique_key: ['id'] },
    materialized: 'table',
    refs: [],
    sources: ['raw.orders'],
    datasets: { eth: '_/eth_firehose@1.0.0' },
    canonicalSql: `select id, amount from __ref_src__ /* ${name} */`,
    incrementalSql: null,
    contentHash: `content-${name}`,
    fingerprint: `fp-${name}`,
    columns: [{ name: 'id', data_type: 'bigint', tests: [{ name: 'not_null', args: {} }] }],
    usedMacros: ['cents_to_dollars'],
    usedVars: ['start_date'],
    ...overrides,
  });
}

export function manifest(commit: string, models: ManifestModelWithSql[], overrides: Partial<Omit<ManifestInput, 'models'>> = {}): Omit<ManifestInput, 'models'> & { models: ManifestModelWithSql[] } {
  return {
    commit,
    parents: [],
    projectName: 'shop',
    models,
    macros: [{ path: 'macros/cents.sql', blobId: 'blob-macro' }],
    vars: { start_date: '2026-01-01' },
    ...overrides,
  };
}

/** A project-sized manifest: `count` models in a chain of layers, each about 400 bytes of SQL. */
export function generatedManifest(commit: string, count: number, changed: ReadonlySet<number> = new Set()): Omit<ManifestInput, 'models'> & { models: ManifestModelWithSql[] } {
  const models: ManifestModelWithSql[] = [];
  for (let i = 0; i < count; i++) {
    const name = `model_${String(i).padStart(5, '0')}`;
    const parent = i >= 10 ? [`model_${String(i - 10).padStart(5, '0')}`] : [];
    const edit = changed.has(i) ? ' where amount > 0' : '';
    models.push(manifestModel(name, {
      path: `models/layer_${i % 10}/${name}.sql`,
      blobId: `${i.toString(16).padStart(8, '0')}${edit ? 'e' : ''}`,
      refs: parent,
      canonicalSql: `select o.id, o.customer_id, o.amount, o.created_at, sum(o.amount) over (partition by o.customer_id) as total\n`
        + `from ${parent.length ? `__ref_${parent[0]}__` : '__source_raw_orders__'} as o\n`
        + `left join __source_raw_customers__ as c on c.id = o.customer_id${edit} -- ${name}`,
      fingerprint: `${i.toString(16).padStart(16, '0')}${edit ? 'ffff' : '0000'}`,
      incrementalSql: i % 3 === 0 ? `select * from __this__ where created_at > (select max(created_at) from __this__)${edit}` : null,
    }));
  }
  return manifest(commit, models, { parents: [`${commit}-parent`] });
}
