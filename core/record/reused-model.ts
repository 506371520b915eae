import type { ReusedModel } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import type { ModelConfig, Project } from '../project/project-types.js';
import type { ManifestModel } from '../state/state-types.js';

/** Reading the SQL of a model taken over from a manifest is a bug: a recording never loads it. */
function sqlNotLoaded(name: string): never {
  throw new Error(`internal error: the SQL of '${name}' was not loaded from the state database (a model reused by a recording)`);
}

/**
 * A recorded model as the compiler's reusable rendering. Descriptions and columns come from the
 * project's property files, which are the ancestor's (a changed property file means a full compile).
 * Manifests do not record a model's syntax; a recording never reads it, so it is given as 'jinja'.
 * Its SQL text is not loaded: the compiler needs only the content hash to fingerprint it again, and the
 * new manifest shares the stored definition. Arrays are shared with `model`.
 */
export function reusedModel(model: ManifestModel, project: Project): ReusedModel {
  const properties = project.modelProperties.get(model.name);
  const config = model.config as ModelConfig;
  // Shaped as the CompiledModel it becomes (the compiler fills in the hashes).
  const rendered: CompiledModel = {
    name: model.name,
    path: model.path,
    syntax: 'jinja',
    config,
    materialized: model.materialized,
    tags: Array.isArray(config.tags) ? config.tags.map(String) : [],
    refs: model.refs,
    sources: model.sources,
    datasets: model.datasets,
    get canonicalSql(): string { return sqlNotLoaded(model.name); },
    get incrementalSql(): string | undefined { return sqlNotLoaded(model.name); },
    usedMacros: model.usedMacros,
    usedVars: model.usedVars,
    refLocations: {},
    description: properties?.description,
    columns: properties?.columns ?? [],
    contentHash: model.contentHash,
    fingerprint: model.fingerprint,
  };
  return { rendered, contentHash: model.contentHash };
}
