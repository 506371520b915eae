import { hashText } from '../util/hash-text.js';
import type { ManifestModelInput, ModelSql } from './state-types.js';

/**
 * Content address of a recorded model: the sha-256 of everything stored about it except its fingerprint.
 * Manifests of successive commits share the definitions of models whose own text and config did not
 * change, even when a parent's change gave them a new fingerprint.
 */
export function modelDefinitionId(model: Omit<ManifestModelInput, keyof ModelSql> & ModelSql): string {
  const fields = [
    model.name, model.path, model.blobId, model.config, model.materialized, model.refs, model.sources,
    model.datasets, model.canonicalSql, model.incrementalSql, model.contentHash, model.columns,
    model.usedMacros, model.usedVars,
  ];
  return hashText('sha256', JSON.stringify(fields));
}
