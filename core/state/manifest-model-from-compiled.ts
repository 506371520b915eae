import type { CompiledModel } from '../compile/compiled-model.js';
import { modelDefinitionId } from './model-definition-id.js';
import { recordedColumns } from './recorded-columns.js';
import type { ManifestModelWithSql } from './state-types.js';

/** What the state database keeps of a compiled model; `blobId` is the model file's git blob id at the commit. */
export function manifestModelFromCompiled(model: CompiledModel, blobId: string | null): ManifestModelWithSql {
  const recorded = {
    name: model.name,
    path: model.path,
    blobId,
    config: model.config,
    materialized: model.materialized,
    refs: model.refs,
    sources: model.sources,
    datasets: model.datasets,
    canonicalSql: model.canonicalSql,
    incrementalSql: model.incrementalSql ?? null,
    contentHash: model.contentHash,
    fingerprint: model.fingerprint,
    columns: recordedColumns(model.columns),
    usedMacros: model.usedMacros,
    usedVars: model.usedVars,
  };
  return { ...recorded, definitionId: modelDefinitionId(recorded) };
}
