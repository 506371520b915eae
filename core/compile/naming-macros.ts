import type { Diagnostics } from '../errors.js';
import type { Project, Target } from '../project/project-types.js';
import { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState } from './jinja/render-state.js';
import { macroNamesIn } from './written-at.js';

/** A node as dbt passes it to generate_schema_name and generate_alias_name. */
export interface SchemaNode {
  name: string;
  resource_type: 'model' | 'seed';
  path: string;
  fqn: string[];
  config: Record<string, unknown>;
}

/** What a call of a naming macro read: vars and macros (a model records them as its own). */
export interface SchemaNameReads {
  vars: Set<string>;
  macros: Set<string>;
}

/**
 * Calls the project's naming macro (generate_schema_name, generate_alias_name) for a custom value (the
 * `schema` or `alias` config, or null) and a node; throws CompileError. `reads`, when given, collects the
 * vars and macros the call read.
 */
export type NameResolver = (custom: string | null, node: SchemaNode, reads?: SchemaNameReads) => string;

/** dbt's macros naming a node's relation that amp-dbt calls when the project defines its own. */
export type NamingMacro = 'generate_schema_name' | 'generate_alias_name';

/** The project's own naming macros, those it defines: undefined ones name as dbt's defaults do. */
export interface ProjectNaming {
  schema?: NameResolver;
  alias?: NameResolver;
}

/** Whether the project defines a macro `name` (overriding dbt's macro of that name). */
export function definesMacro(project: Pick<Project, 'macros'>, name: string): boolean {
  return project.macros.some((m) => m.content.includes(name) && macroNamesIn(m.content).includes(name));
}

/** The project's naming macro `macro` through `renderer` (a project's own macro), as dbt calls it. */
export function nameResolver(macro: NamingMacro, renderer: () => JinjaRenderer, project: Project): NameResolver {
  return (custom, node, reads) => {
    const state = newRenderState(node.path, '', false);
    const name = renderer().callMacro(macro, [custom, { ...node, package_name: project.name, original_file_path: node.path }], state);
    if (reads) {
      for (const used of state.usedVars) reads.vars.add(used);
      for (const used of state.usedMacros) reads.macros.add(used);
    }
    return name;
  };
}

/** The naming macros the project defines, called through `renderer`. */
export function projectNamingWith(renderer: () => JinjaRenderer, project: Project): ProjectNaming {
  return {
    schema: definesMacro(project, 'generate_schema_name') ? nameResolver('generate_schema_name', renderer, project) : undefined,
    alias: definesMacro(project, 'generate_alias_name') ? nameResolver('generate_alias_name', renderer, project) : undefined,
  };
}

/** The project's naming macros with a renderer of their own (for commands that do not compile, such as seed). */
export function projectNaming(
  project: Project, target: Target, env: Record<string, string | undefined>, diagnostics: Diagnostics,
): ProjectNaming {
  let renderer: JinjaRenderer | undefined;
  const inputs = { vars: project.vars, env, target: target as unknown as Record<string, unknown>, runStartedAt: new Date().toISOString(), projectName: project.name, profileName: project.profile };
  return projectNamingWith(() => (renderer ??= new JinjaRenderer(inputs, project.macros, diagnostics)), project);
}
