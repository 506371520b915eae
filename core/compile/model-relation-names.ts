import type { Diagnostics } from '../errors.js';
import type { ModelConfig, ModelFile, Project } from '../project/project-types.js';
import type { NameResolver, ProjectNaming, SchemaNameReads, SchemaNode } from './naming-macros.js';

const customValue = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/**
 * dbt's generate_schema_name and generate_alias_name, those the project defines: each called with the model's
 * custom value (its `schema` or `alias` config, else none) and the node. A schema the macro names that is not
 * the one dbt's default naming gives (`<target schema>[_<custom>]`) is kept in the config as `schema_name`; an
 * alias that is not the default (the `alias` config, else the model's name) as `alias_name`. modelRelation then
 * uses them as they are (manifests keep them, so environments made from them see them too). A macro naming
 * as the default does leaves the config (so the fingerprint) as it is without the macro: adding dbt's common
 * overrides rebuilds only the models they move. Errors are located at the model (or in the macro, where it
 * raised); false after reporting one.
 */
export function modelRelationNames(
  model: ModelFile, project: Project, config: ModelConfig, naming: ProjectNaming & { targetSchema: string }, reads: SchemaNameReads, diagnostics: Diagnostics,
): boolean {
  const node: SchemaNode = { name: model.name, resource_type: 'model', path: model.path, fqn: [project.name, ...model.folders, model.name], config };
  const customSchema = customValue(config.schema);
  const customAlias = customValue(config.alias);
  // Both are called before either is kept: each macro sees the model's config as written.
  const schema = naming.schema && named('generate_schema_name', 'schema', naming.schema, customSchema, node, reads, diagnostics);
  const alias = naming.alias && named('generate_alias_name', 'alias', naming.alias, customAlias, node, reads, diagnostics);
  if (schema === null || alias === null) return false;
  if (schema && schema !== (customSchema ? `${naming.targetSchema}_${customSchema}` : naming.targetSchema)) config.schema_name = schema;
  if (alias && alias !== (customAlias ?? model.name)) config.alias_name = alias;
  return true;
}

/** What `macro` names for the node; null after reporting an error (it raised, or named nothing). */
function named(
  macro: string, what: string, resolve: NameResolver, custom: string | null, node: SchemaNode, reads: SchemaNameReads, diagnostics: Diagnostics,
): string | null {
  const at = { file: node.path, line: 1, column: 1 };
  try {
    const name = resolve(custom, node, reads);
    if (name) return name;
    diagnostics.error('invalid-value', `${macro} gives no ${what} for '${node.name}'`, at, `make the macro return or print ${what === 'alias' ? 'an alias' : 'a schema name'} for every model`);
  } catch (error) {
    diagnostics.capture(error, at, 'jinja-render');
  }
  return null;
}
