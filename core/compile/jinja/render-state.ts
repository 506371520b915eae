import type { ModelConfig } from '../../project/project-types.js';

/** What one model's rendering records besides its text: the graph edges and what it used. */
export interface RenderState {
  /** Project-relative path of the file being rendered (for error locations). */
  file: string;
  content: string;
  isIncremental: boolean;
  /** Keyword arguments of every config(...) call, merged in call order. */
  config: ModelConfig;
  /** The config from dbt_project.yml and property files, under the calls (what `config.get` reads too). */
  baseConfig: ModelConfig;
  refs: string[];
  sources: Array<{ source: string; table: string }>;
  usedVars: Set<string>;
  usedMacros: Set<string>;
  /** What `log(message, info=True)` printed, in order: shown once the render is done (a declined fast render's are dropped). */
  logs: string[];
  /** Problems found by the template functions (a missing var, say), errors unless `warning`; rendering goes on. */
  /** Problems found while rendering, located where `needle` is written (else `fallback`, e.g. the call of a name computed in Jinja). */
  problems: Array<{ code: string; message: string; needle: string | RegExp; fallback?: RegExp; hint?: string; warning?: true }>;
}

export function newRenderState(file: string, content: string, isIncremental: boolean, baseConfig: ModelConfig = {}): RenderState {
  return {
    file,
    content,
    isIncremental,
    config: {},
    baseConfig,
    refs: [],
    sources: [],
    usedVars: new Set(),
    usedMacros: new Set(),
    logs: [],
    problems: [],
  };
}
