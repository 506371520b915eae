import { ReportedElsewhere, type Diagnostics } from '../errors.js';
import type { MacroFile, ModelConfig, ModelFile } from '../project/project-types.js';
import type { FolderJinja } from '../project/folder-config.js';
import type { RenderedFolderConfigs } from './folder-config-jinja.js';
import { isPragmaModel, parsePragmaModel, pragmaLineOffset, renderPragmaModel, type ParsedPragmaModel } from '../pragma/pragma-model.js';
import { didYouMean } from '../util/did-you-mean.js';
import { positionAt } from '../util/text-position.js';
import type { ProjectNaming } from './naming-macros.js';
import type { LiteRenderer } from './jinja/lite-renderer.js';
import type { JinjaRenderer } from './jinja/jinja-renderer.js';
import { newRenderState, type RenderState } from './jinja/render-state.js';
import { nameKeyed } from '../util/name-keyed.js';
import { canonicalNames } from './canonical-names.js';
import { importedModel } from './import-target.js';
import { flatString } from './flat-string.js';
import { escapeRegExp, writtenInUsedMacro, writtenOffset, type UsedMacroFiles } from './written-at.js';
import { datasetPlaceholder, refPlaceholder, replacePlaceholder } from './placeholders.js';
import type { RenderedModel } from './compiled-model.js';

/** What rendering one model needs from the project, shared by every model. */
export interface RenderContext {
  /** The fast path (lite Jinja), bound to `fastState`. */
  lite: () => LiteRenderer;
  fastState: { current: RenderState | undefined };
  /** The nunjucks renderer, created on first use. */
  jinja: () => JinjaRenderer;
  useFastPath: boolean;
  targetName: string;
  /** The target's schema: where a model without a custom schema is built (modelRelation). */
  targetSchema: string;
  vars: Record<string, unknown>;
  /** `models.staging.stg_x` (the model's path with dots, no `.sql`) -> model name, for an unknown import's hint. */
  importIndex: () => ReadonlyMap<string, string>;
  /** The project's models by name (imports, canonicalNames); made when first asked for. */
  modelsByName: () => ReadonlyMap<string, ModelFile>;
  /** Pragma models parsed so far, by path: parsed once even when rendered twice. */
  pragmaCache: Map<string, PreparedPragma>;
  /** The project's macro files (where an error a macro caused is located). */
  macros: readonly MacroFile[];
  /** The project's own generate_schema_name and generate_alias_name, those it has (see model-relation-names.ts). */
  naming: ProjectNaming;
  /** Shows a message a template logged with `log(message, info=True)` (once per render of the model). */
  onLog?: (message: string, model: ModelFile) => void;
  /** dbt_project.yml's folder configs written in Jinja, rendered (memoised per level). */
  folderConfigs: (jinja: FolderJinja) => RenderedFolderConfigs;
  /** Vars each source's fields written in Jinja read and macros they call, by source name (source-jinja.ts). */
  sourceReads: ReadonlyMap<string, { vars: readonly string[]; macros: readonly string[] }>;
  /**
   * What the renders that failed had referenced before they failed, by model name: their refs and sources are
   * checked too, so an unknown ref is reported with the failure instead of after it is fixed.
   */
  failedRenders: Map<string, Pick<RenderedModel, 'refs' | 'sources' | 'config' | 'usedMacros'>>;
  /** Checks the config a model's rendering set (its keys and values), errors where each key is set. */
  checkConfig: (model: ModelFile, config: ModelConfig, usedMacros: Iterable<string>) => void;
}

/** One rendering of a model's text, with what it referenced. */
export interface RenderedText {
  sql: string;
  config: ModelConfig;
  /** Referenced model names (or dataset aliases) in order of first use. */
  refs: string[];
  /** Where refs are written, when known without searching (pragma imports). */
  refLocations: Record<string, Location>;
  sources: Array<{ source: string; table: string }>;
  datasets: Record<string, string>;
  usedMacros: string[];
  usedVars: string[];
  syntax: 'jinja' | 'pragma';
}

type Location = { file: string; line: number; column: number };

/**
 * Where `needle` is written in the model; else in a macro file defining a macro the model used (an unknown
 * ref inside a macro is reported there); else the start of the model.
 */
function locate(model: ModelFile, needle: string | RegExp, used?: UsedMacroFiles): Location {
  return locateInMacro(model, needle, used).at;
}

/** As locate, with the macro the needle was found in (when it was not in the model); `fallback` is looked for the same way when `needle` is written nowhere. */
function locateInMacro(model: ModelFile, needle: string | RegExp, used?: UsedMacroFiles, fallback?: RegExp): { at: Location; macro?: string } {
  for (const written of fallback ? [needle, fallback] : [needle]) {
    const inModel = writtenOffset(model.content, written);
    if (inModel !== undefined) return { at: { file: model.path, ...positionAt(model.content, inModel) } };
    const inMacro = used && writtenInUsedMacro(written, used);
    if (inMacro) return { at: { file: inMacro.file, line: inMacro.line, column: inMacro.column }, macro: inMacro.macro };
  }
  return { at: { file: model.path, line: 1, column: 1 } };
}

/** Renders a Jinja model: the fast path when it can, nunjucks otherwise. */
function renderJinja(model: ModelFile, isIncremental: boolean, context: RenderContext, diagnostics: Diagnostics, baseConfig: ModelConfig): RenderedText | undefined {
  let state = newRenderState(model.path, model.content, isIncremental, baseConfig);
  let sql: string | undefined;
  if (context.useFastPath) sql = context.lite().render(state, (s) => (context.fastState.current = s));
  if (sql === undefined) {
    state = newRenderState(model.path, model.content, isIncremental, baseConfig);
    try {
      sql = context.jinja().render(state);
    } catch (error) {
      // What the render found before it failed (a missing var, a mistyped config) is reported too: often the cause.
      reportProblems(model, state, context, diagnostics);
      // (The full rendering's config is checked by the caller when it succeeds: an incremental one's is not checked twice.)
      if (!isIncremental) {
        context.checkConfig(model, state.config, state.usedMacros);
        context.failedRenders.set(model.name, {
          refs: [...new Set(state.refs)], sources: [...new Set(state.sources.map((s) => `${s.source}.${s.table}`))],
          config: state.config, usedMacros: [...state.usedMacros],
        });
      }
      if (!(error instanceof ReportedElsewhere)) diagnostics.capture(error, { file: model.path }, 'jinja-render');
      return undefined;
    }
  }
  if (context.onLog) for (const message of state.logs) context.onLog(message, model);
  reportProblems(model, state, context, diagnostics);
  return {
    sql: flatString(sql), config: state.config, refs: canonicalNames(state.refs, context.modelsByName()), refLocations: {}, sources: state.sources, datasets: {},
    usedMacros: [...state.usedMacros].sort(), usedVars: [...state.usedVars].sort(), syntax: 'jinja',
  };
}

/**
 * The problems the template functions found while rendering `model`, where each is written (in the model or a
 * macro it called); once, though an incremental model is rendered twice.
 */
function reportProblems(model: ModelFile, state: RenderState, context: RenderContext, diagnostics: Diagnostics): void {
  for (const problem of state.problems) {
    const { at, macro } = locateInMacro(model, problem.needle, { macros: context.macros, usedMacros: state.usedMacros }, problem.fallback);
    // Found in a macro the model called: which model called it, as a macro's render errors say.
    const message = macro === undefined ? problem.message : `${problem.message} (in macro '${macro}', called by ${model.path})`;
    const kept = problem.warning ? diagnostics.warnings : diagnostics.items;
    const reported = kept.some((d) => d.file === at.file && d.line === at.line && d.column === at.column && d.code === problem.code && d.message === message);
    if (reported) continue;
    if (problem.warning) diagnostics.warn(problem.code, message, at, problem.hint);
    else diagnostics.error(problem.code, message, at, problem.hint);
  }
}

interface PreparedPragma {
  parsed: ParsedPragmaModel;
  refs: string[];
  refLocations: Record<string, Location>;
  datasets: Record<string, string>;
  placeholders: Map<string, string>;
}

/** Parses a pragma model and resolves its imports once (diagnostics reported once). */
function preparePragma(model: ModelFile, context: RenderContext, diagnostics: Diagnostics): PreparedPragma {
  const parsed = parsePragmaModel(model.content, model.path, diagnostics);
  const refs: string[] = [];
  const refLocations = nameKeyed<Location>();
  const datasets: Record<string, string> = {};
  const placeholders = new Map<string, string>();
  for (const imp of parsed.imports) {
    if (imp.kind === 'dataset') {
      datasets[imp.alias] = imp.target;
      placeholders.set(imp.alias, datasetPlaceholder(imp.target));
      continue;
    }
    const name = importedModel(imp.target, context.modelsByName());
    if (name === undefined) {
      const hint = didYouMean(imp.target, context.importIndex().keys())
        || "write models.<folder>.<model>: the model file's path with dots, without .sql";
      diagnostics.error('unknown-import-target', `import '${imp.alias}' names '${imp.target}', which is not a model`, imp.location, hint);
      continue;
    }
    if (!refLocations[name]) refs.push(name);
    refLocations[name] = imp.location;
    placeholders.set(imp.alias, refPlaceholder(name));
  }
  return { parsed, refs, refLocations, datasets, placeholders };
}

/** Renders a header-pragma model; its imports alone give its edges. */
function renderPragma(model: ModelFile, isIncremental: boolean, context: RenderContext, diagnostics: Diagnostics): RenderedText | undefined {
  let prepared = context.pragmaCache.get(model.path);
  if (!prepared) {
    prepared = preparePragma(model, context, diagnostics);
    context.pragmaCache.set(model.path, prepared);
  }
  const { parsed, refs, refLocations, datasets, placeholders } = prepared;
  const config: ModelConfig = {};
  for (const call of parsed.configs) Object.assign(config, call.kwargs);
  const sql = renderPragmaModel(parsed, {
    isIncremental,
    targetName: context.targetName,
    vars: context.vars,
    resolveImport: (imp) => placeholders.get(imp.alias) ?? null,
  });
  return {
    sql: flatString(sql), config, refs: [...refs], refLocations, sources: [], datasets: { ...datasets },
    usedMacros: [], usedVars: [...parsed.usedVars], syntax: 'pragma',
  };
}

export function renderModelText(
  model: ModelFile, isIncremental: boolean, context: RenderContext, diagnostics: Diagnostics, baseConfig: ModelConfig = {},
): RenderedText | undefined {
  const pragma = isPragmaModel(model.content);
  // Once per model (an incremental one is rendered twice).
  if (!isIncremental) warnAboutMixedSyntax(model, pragma, diagnostics);
  return pragma
    ? renderPragma(model, isIncremental, context, diagnostics)
    : renderJinja(model, isIncremental, context, diagnostics, baseConfig);
}

/**
 * The two syntaxes mixed up, which would otherwise pass silently: a `-- @import:` / `-- @config:` line after
 * SQL in a Jinja model (header pragmas are read only before the first SQL line, so its `:alias` stays in
 * the SQL), or Jinja tags in a header-pragma model (not rendered).
 */
function warnAboutMixedSyntax(model: ModelFile, pragma: boolean, diagnostics: Diagnostics): void {
  const { content } = model;
  if (!pragma) {
    const at = pragmaLineOffset(content);
    if (at >= 0) {
      diagnostics.warn('pragma-not-in-header', 'this header pragma is not read: header pragmas must come before any SQL or other comment',
        { file: model.path, ...positionAt(content, at) }, 'move it to the top of the file, above every other line');
    }
  } else {
    const at = content.search(/\{\{|\{%/);
    if (at >= 0) {
      diagnostics.warn('jinja-in-pragma-model', 'Jinja is not rendered in a header-pragma model: this tag is left in the SQL',
        { file: model.path, ...positionAt(content, at) }, 'use :alias references and #if lines, or write the model in Jinja without header pragmas');
    }
  }
}

/** A rendering whose `ref('alias')` calls for declared Amp datasets become dataset placeholders. */
export function resolveDatasetRefs(text: RenderedText, dependencies: Record<string, string> | undefined): RenderedText {
  if (!dependencies) return text;
  let sql = text.sql;
  const datasets = { ...text.datasets };
  const refs: string[] = [];
  for (const alias of text.refs) {
    const reference = dependencies[alias];
    if (typeof reference !== 'string') {
      refs.push(alias);
      continue;
    }
    sql = replacePlaceholder(sql, refPlaceholder(alias), datasetPlaceholder(reference));
    datasets[alias] = reference;
  }
  return { ...text, sql, datasets, refs };
}

/**
 * Where `ref('name')` (or the import naming it) is written in a model, or in a macro it used. A model taken
 * from the partial-compile cache has no refLocations: its refs, or the aliases of its imports, are looked for.
 */
export function locateRef(model: ModelFile, text: Pick<RenderedText, 'refLocations'>, name: string, used?: UsedMacroFiles): Location {
  return text.refLocations[name]
    ?? locate(model, isPragmaModel(model.content) ? importAliasOf(name) : new RegExp(`ref\\s*\\(\\s*(?:['"][^'"]*['"]\\s*,\\s*)?['"]${escapeRegExp(name)}['"]`), used);
}

/** The alias of `-- @import: alias = models.<folder>.<name>` (where preparePragma locates an import). */
function importAliasOf(name: string): RegExp {
  return new RegExp(`(?<=^[ \\t]*--[ \\t]*@import:[ \\t]*)[\\p{L}_][\\p{L}\\p{N}_]*(?=[ \\t]*=[ \\t]*models(?:\\.[\\p{L}\\p{N}_$-]+)*\\.${escapeRegExp(name)}[ \\t]*$)`, 'mu');
}

/** Where `source('s', 't')` is written in a model, or in a macro it used. */
export function locateSource(model: ModelFile, source: string, table: string, used?: UsedMacroFiles): Location {
  return locate(model, new RegExp(`source\\s*\\(\\s*['"]${escapeRegExp(source)}['"]\\s*,\\s*['"]${escapeRegExp(table)}['"]`), used);
}
