import type { MacroDef } from './lite-nodes.js';

/** A macro lite can run. Only `parseLiteMacros` (and templates' own `{% macro %}`) create them. */
export interface LiteMacro {
  readonly name: string;
}

/** What a lite render sees besides the template: the same names nunjucks' environment holds. */
export interface LiteEnvironment {
  /** ref, source, config, var, ... (functions and values), as installed with nunjucks' addGlobal. */
  globals: Record<string, unknown>;
  /** Every project macro lite could parse, by the name it is installed under (the first definition). */
  macros: Map<string, LiteMacro>;
  /** Macros the project defines that lite cannot run: using one throws LiteUnsupported. */
  unsupportedMacros: Set<string>;
  /**
   * Called when a template or macro calls a macro through the environment (`macros`), which is
   * exactly when nunjucks goes through the global wrapper JinjaRenderer installs and records usage.
   */
  onMacroCall?(name: string): void;
  /** Called when a name is found nowhere (as nunjucks' name lookup reports it: nunjucks-undefined.ts). */
  onUndefinedName?(name: string): void;
  /** The project's name, its macros' namespace in nunjucks (`{{ shop.m() }}`, JinjaRenderer): lite leaves its use to nunjucks. */
  projectNamespace?: string;
}

/**
 * A macro bound to the variables it resolves names in after its own frame: the context of the
 * template defining it (a macros/ file: its macros; a model: its top-level sets and macros).
 */
export class BoundMacro implements LiteMacro {
  constructor(
    readonly name: string,
    readonly def: MacroDef,
    readonly scope: Map<string, unknown>,
  ) {}
}

/** A macros/ file's entry for a macro lite could not parse: looking it up declines the render. */
export const UNSUPPORTED_MACRO: unique symbol = Symbol('unsupported macro');
