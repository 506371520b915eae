import { ModelGraph, type GraphNode } from '../graph/model-graph.js';
import type { ManifestModel } from '../state/state-types.js';

/** A graph node for a recorded model (tags come from its config, as compile reads them). */
export function manifestGraphNode(model: ManifestModel): GraphNode {
  const tags = model.config.tags;
  return {
    name: model.name,
    path: model.path,
    tags: Array.isArray(tags) ? tags.map(String) : [],
    materialized: model.materialized,
    config: model.config,
    parents: model.refs,
    sources: model.sources,
  };
}

/** The model graph of a recorded manifest, for selection and downstream walks. */
export function manifestGraph(models: readonly ManifestModel[]): ModelGraph {
  return new ModelGraph(models.map(manifestGraphNode));
}
