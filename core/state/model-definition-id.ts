import { createHash } from 'node:crypto';
import type { ManifestModel } from './state-types.js';

/**
 * Content address of a recorded model: the sha-256 of everything stored about it. Manifests of
 * successive commits share the definitions of unchanged models, so a commit costs one small row per
 * model plus the models that changed.
 */
export function modelDefinitionId(model: ManifestModel): string {
  const fields = [
    model.name, model.path, model.blobId, model.config, model.materialized, model.refs, model.sources,
    model.datasets, model.canonicalSql, model.incrementalSql, model.fingerprint, model.columns,
    model.usedMacros, model.usedVars,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
