import { AmpDbtError, Diagnostics } from '../errors.js';
import type { Location, Project, SourceDefinition, SourceTable, Target } from '../project/project-types.js';
import { holdsJinja } from '../project/config-jinja.js';
import { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState } from './jinja/render-state.js';


/** The fields of a source (and of its tables) that name where its data is, which dbt renders as Jinja. */
const SOURCE_FIELDS = ['database', 'schema', 'loaded_at_field'] as const;
const TABLE_FIELDS = ['identifier', 'loaded_at_field'] as const;

function sourceHoldsJinja(source: SourceDefinition): boolean {
  return SOURCE_FIELDS.some((field) => holdsJinja(source[field])) || source.tables.some((table) => TABLE_FIELDS.some((field) => holdsJinja(table[field])));
}

export interface SourceJinjaInputs {
  target: Target;
  env: Record<string, string | undefined>;
  runStartedAt?: string;
}

/**
 * The project with its sources' `database`, `schema` and `loaded_at_field`, and its tables' `identifier` and
 * `loaded_at_field`, rendered where written in Jinja (`schema: "{{ target.schema }}_raw"`), as dbt renders
 * property files, with the templates' `var`, `env_var`, `target` and the project's macros. A source records the
 * vars it read and the macros it called (`usedVars`, `usedMacros`): the models reading it read and call them too. Problems are reported at the source or table; the
 * project itself is returned when no source holds Jinja.
 */
export function renderSourceJinja(project: Project, inputs: SourceJinjaInputs, diagnostics: Diagnostics): Project {
  if (!project.sources.some(sourceHoldsJinja)) return project;
  let renderer: JinjaRenderer | undefined;
  // A macro file's own errors are the compile's to report (once): this renderer keeps them to itself.
  const jinja = () => (renderer ??= new JinjaRenderer({
    projectName: project.name, profileName: project.profile, vars: project.vars, env: inputs.env, target: inputs.target, runStartedAt: inputs.runStartedAt ?? new Date().toISOString(),
  }, project.macros, new Diagnostics()));
  const sources = project.sources.map((source) => {
    if (!sourceHoldsJinja(source)) return source;
    const usedVars = new Set<string>();
    const usedMacros = new Set<string>();
    const render = (text: string, field: string, where: string, location: Location): string => {
      const state = newRenderState(location.file, '', false);
      try {
        const value = jinja().renderValue(text, state);
        for (const problem of state.problems) diagnostics.error(problem.code, problem.message, location, problem.hint);
        for (const name of state.usedVars) usedVars.add(name);
        for (const name of state.usedMacros) usedMacros.add(name);
        return String(value ?? '');
      } catch (error) {
        const problem = error instanceof AmpDbtError ? error : undefined;
        diagnostics.error(problem?.code ?? 'jinja-render', `'${field}' of ${where}: ${error instanceof Error ? error.message : String(error)}`, location, problem?.hint ?? null);
        return text;
      }
    };
    const out: SourceDefinition = { ...source };
    const where = `source '${source.name}'`;
    for (const field of SOURCE_FIELDS) {
      const text = source[field];
      if (text !== undefined && holdsJinja(text)) out[field] = render(text, field, where, source.location);
    }
    out.tables = source.tables.map((table) => {
      if (!TABLE_FIELDS.some((field) => holdsJinja(table[field]))) return table;
      const rendered: SourceTable = { ...table };
      for (const field of TABLE_FIELDS) {
        const text = table[field];
        // A table's loaded_at_field may be the source's, already rendered.
        if (text !== undefined && holdsJinja(text)) rendered[field] = field === 'loaded_at_field' && text === source.loaded_at_field ? out.loaded_at_field! : render(text, field, `table '${table.name}' of ${where}`, table.location);
      }
      return rendered;
    });
    if (usedVars.size > 0) out.usedVars = [...usedVars].sort();
    if (usedMacros.size > 0) out.usedMacros = [...usedMacros].sort();
    return out;
  });
  return { ...project, sources };
}
