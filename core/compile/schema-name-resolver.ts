import type { Diagnostics } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState } from './jinja/render-state.js';
import { macroNamesIn } from './written-at.js';

/** A node as dbt passes it to generate_schema_name. */
export interface SchemaNode {
  name: string;
  resource_type: 'model' | 'seed';
  path: string;
  fqn: string[];
  config: Record<string, unknown>;
}

/** What a call of generate_schema_name read: vars and macros (a model records them as its own). */
export interface SchemaNameReads {
  vars: Set<string>;
  macros: Set<string>;
}

/**
 * Calls the project's generate_schema_name for a custom schema (or null) and a node; throws CompileError.
 * `reads`, when given, collects the vars and macros the call read.
 */
export type SchemaNameResolver = (custom: string | null, node: SchemaNode, reads?: SchemaNameReads) => string;

/** Whether the project overrides dbt's generate_schema_name macro. */
export function definesSchemaNames(project: Project): boolean {
  return project.macros.some((m) => m.content.includes('generate_schema_name') && macroNamesIn(m.content).includes('generate_schema_name'));
}

/** generate_schema_name through `renderer` (a project's own macro), as dbt calls it. */
export function schemaNameResolver(renderer: () => JinjaRenderer, project: Project): SchemaNameResolver {
  return (custom, node, reads) => {
    const state = newRenderState(node.path, '', false);
    const schema = renderer().callMacro('generate_schema_name', [custom, { ...node, package_name: project.name, original_file_path: node.path }], state);
    if (reads) {
      for (const name of state.usedVars) reads.vars.add(name);
      for (const name of state.usedMacros) reads.macros.add(name);
    }
    return schema;
  };
}

/** A resolver with a renderer of its own (for commands that do not compile, such as seed); undefined without the macro. */
export function projectSchemaNames(
  project: Project, target: Target, env: Record<string, string | undefined>, diagnostics: Diagnostics,
): SchemaNameResolver | undefined {
  if (!definesSchemaNames(project)) return undefined;
  let renderer: JinjaRenderer | undefined;
  const inputs = { vars: project.vars, env, target: target as unknown as Record<string, unknown>, runStartedAt: new Date().toISOString(), projectName: project.name, profileName: project.profile };
  return schemaNameResolver(() => (renderer ??= new JinjaRenderer(inputs, project.macros, diagnostics)), project);
}
