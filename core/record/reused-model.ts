import type { ReusedModel } from '../compile/compile-project.js';
import type { ModelConfig, Project } from '../project/project-types.js';
import type { ManifestModel } from '../state/state-types.js';

/**
 * A recorded model as the compiler's reusable rendering. Descriptions and columns come from the
 * project's property files, which are the ancestor's (a changed property file means a full compile).
 * Manifests do not record a model's syntax; a recording never reads it, so it is given as 'jinja'.
 * Arrays are shared with `model`, which belongs to the ancestor's manifest read for this recording.
 */
export function reusedModel(model: ManifestModel, parentFingerprint: (parent: string) => string | undefined, project: Project): ReusedModel {
  const properties = project.modelProperties.get(model.name);
  const config = model.config as ModelConfig;
  return {
    rendered: {
      name: model.name,
      path: model.path,
      syntax: 'jinja',
      config,
      materialized: model.materialized,
      tags: Array.isArray(config.tags) ? config.tags.map(String) : [],
      refs: model.refs,
      sources: model.sources,
      datasets: model.datasets,
      canonicalSql: model.canonicalSql,
      incrementalSql: model.incrementalSql ?? undefined,
      usedMacros: model.usedMacros,
      usedVars: model.usedVars,
      refLocations: {},
      description: properties?.description,
      columns: properties?.columns ?? [],
    },
    fingerprint: model.fingerprint,
    parentFingerprint,
  };
}
