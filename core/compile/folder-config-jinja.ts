import { AmpDbtError, type Diagnostics } from '../errors.js';
import type { FolderJinja } from '../project/folder-config.js';
import { isMapping } from '../project/mapping-reader.js';
import { validateModelConfig } from '../project/model-config-keys.js';
import type { ModelConfig } from '../project/project-types.js';
import type { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState } from './jinja/render-state.js';

/** A level of dbt_project.yml's `models:` tree with its Jinja rendered, and the vars that read and macros it called. */
export interface RenderedFolderConfigs {
  config: ModelConfig;
  usedVars: string[];
  usedMacros: string[];
}

/**
 * Renders the configs of dbt_project.yml's folders written in Jinja (`+schema: "{{ env_var('SCHEMA', 'x') }}"`,
 * `+tags: "{{ var('tags') }}"`), and those of a model's `config:` in a property file, with the templates'
 * `var`, `env_var`, `target` and the project's macros, once per level and compile, then checks them as configs written plainly are.
 * Problems are reported at the value, in dbt_project.yml or the property file.
 */
export function folderConfigRenderer(renderer: () => JinjaRenderer, diagnostics: Diagnostics): (jinja: FolderJinja) => RenderedFolderConfigs {
  const done = new Map<FolderJinja, RenderedFolderConfigs>();
  return (jinja) => {
    let rendered = done.get(jinja);
    if (!rendered) {
      rendered = renderLevel(jinja, renderer(), diagnostics);
      done.set(jinja, rendered);
    }
    return rendered;
  };
}

function renderLevel(jinja: FolderJinja, renderer: JinjaRenderer, diagnostics: Diagnostics): RenderedFolderConfigs {
  const usedVars = new Set<string>();
  const usedMacros = new Set<string>();
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(jinja.configs)) {
    const location = jinja.locate(key, 'value');
    const state = newRenderState(location.file, '', false);
    try {
      values[key] = renderNested(value, (text) => renderer.renderValue(text, state));
    } catch (error) {
      const problem = error instanceof AmpDbtError ? error : undefined;
      diagnostics.error(problem?.code ?? 'jinja-render', `config '${key}' under '${jinja.where}' in ${location.file}: ${error instanceof Error ? error.message : String(error)}`,
        location, problem?.hint ?? null);
      continue;
    }
    for (const name of state.usedVars) usedVars.add(name);
    for (const name of state.usedMacros) usedMacros.add(name);
    for (const problem of state.problems) diagnostics.error(problem.code, problem.message, location, problem.hint);
    if (state.problems.length > 0) delete values[key]; // reported; its value ('') is not checked too
  }
  const file = jinja.locate(Object.keys(jinja.configs)[0] ?? '', 'value').file;
  const config = validateModelConfig(values, jinja.locate, diagnostics, { where: `config under '${jinja.where}' in ${file} (as rendered)` });
  return { config, usedVars: [...usedVars].sort(), usedMacros: [...usedMacros].sort() };
}

/** Strings holding Jinja rendered, also in lists and mappings. */
export function renderNested(value: unknown, render: (text: string) => unknown): unknown {
  if (typeof value === 'string') return value.includes('{{') || value.includes('{%') ? render(value) : value;
  if (Array.isArray(value)) return value.map((item) => renderNested(item, render));
  if (isMapping(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renderNested(item, render)]));
  return value;
}
