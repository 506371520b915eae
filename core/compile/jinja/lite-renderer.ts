import type { MacroFile } from '../../project/project-types.js';
import type { LiteEnvironment, LiteMacro } from './lite/lite-environment.js';
import { LiteUnsupported } from './lite/lite-unsupported.js';
import { parseLiteMacros } from './lite/parse-lite-macros.js';
import { parseLiteTemplate } from './lite/parse-lite-template.js';
import { renderLiteTemplate } from './lite/render-lite-template.js';
import type { RenderState } from './render-state.js';
import type { TemplateFunctions } from './template-functions.js';
import { macroNamesIn } from '../written-at.js';

/**
 * The fast path: renders models with the lite Jinja interpreter, byte-identical to nunjucks for
 * the subset it supports (ref/source/config/var/this, if/for/set, macros, common filters).
 * `render` returns undefined when a model needs nunjucks; its side effects must then be discarded.
 */
export class LiteRenderer {
  private readonly env: LiteEnvironment;
  private current: RenderState | undefined;
  /** Whether a macro file holds something lite skips without checking, so nunjucks must vet macros. */
  readonly macrosNeedNunjucks: boolean;

  constructor(functions: TemplateFunctions, macros: MacroFile[], projectName?: string) {
    const known = new Map<string, LiteMacro>();
    const unsupported = new Set<string>();
    let needNunjucks = false;
    for (const file of macros) {
      const parsed = parseLiteMacros(file.content);
      if (!parsed || parsed.unsupported.length) needNunjucks = true;
      const runnable = new Map((parsed?.macros ?? []).map((m) => [m.name, m]));
      for (const name of parsed ? [...runnable.keys(), ...parsed.unsupported] : macroNamesIn(file.content)) {
        if (known.has(name) || unsupported.has(name)) {
          needNunjucks = true; // a duplicate: JinjaRenderer reports it (the first definition wins there too)
          continue;
        }
        const macro = runnable.get(name);
        if (macro) known.set(name, macro);
        else unsupported.add(name);
      }
    }
    this.macrosNeedNunjucks = needNunjucks;
    this.env = {
      globals: functions as unknown as Record<string, unknown>,
      macros: known,
      unsupportedMacros: unsupported,
      onMacroCall: (name) => this.current?.usedMacros.add(name),
      // Counted as a macro used, as JinjaRenderer counts it: a macro of that name, once added, changes the render.
      onUndefinedName: (name) => this.current?.usedMacros.add(name),
      projectNamespace: projectName,
    };
  }

  /** The rendered text, or undefined when the model needs nunjucks. */
  render(state: RenderState, bind: (state: RenderState | undefined) => void): string | undefined {
    // Parsed per render, not cached: parsing is cheap, and short-lived trees keep garbage collection cheap.
    const template = parseLiteTemplate(state.content);
    if (!template) return undefined;
    this.current = state;
    bind(state);
    try {
      return renderLiteTemplate(template, this.env);
    } catch (error) {
      if (error instanceof LiteUnsupported) return undefined;
      throw error;
    } finally {
      this.current = undefined;
      bind(undefined);
    }
  }
}
