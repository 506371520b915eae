import { ModelGraph, type GraphNode } from '../graph/model-graph.js';
import type { ManifestModel } from '../state/state-types.js';

/**
 * A graph node for a recorded model (tags come from its config, as compile reads them). Its fqn takes the
 * folders from the path below its first folder (the model path: `models/staging/x.sql` -> `staging`).
 */
export function manifestGraphNode(model: ManifestModel, projectName?: string): GraphNode {
  const tags = model.config.tags;
  return {
    name: model.name,
    path: model.path,
    tags: Array.isArray(tags) ? tags.map(String) : [],
    materialized: model.materialized,
    config: model.config,
    parents: model.refs,
    sources: model.sources,
    // Only selection reads it: a diff without --select makes none (10,000 paths split for nothing).
    fqn: projectName === undefined ? undefined : [projectName, ...model.path.split('/').slice(1, -1), model.name],
  };
}

/** The model graph of a recorded manifest, for selection and downstream walks. */
export function manifestGraph(models: readonly ManifestModel[], projectName?: string): ModelGraph {
  return new ModelGraph(models.map((model) => manifestGraphNode(model, projectName)));
}
