import { checkUnclosedSql } from './check-unclosed-sql.js';
import { datasetSources } from './dataset-sources.js';
import { Diagnostics } from '../errors.js';
import { cycleDiagnostic } from '../graph/cycle-diagnostics.js';
import { ModelGraph, type GraphNode } from '../graph/model-graph.js';
import { folderConfigFor, mergeConfigs } from '../project/folder-config.js';
import { validateModelConfig } from '../project/model-config-keys.js';
import type { ModelConfig, ModelFile, Project, SourceDefinition, SourceTable, Target } from '../project/project-types.js';
import { refableSeeds } from '../seed/refable-seeds.js';
import { relationClashes } from './relation-clashes.js';
import type { SeedFile } from '../seed/seed-file.js';
import { didYouMean } from '../util/did-you-mean.js';
import { positionAt, positionOf } from '../util/text-position.js';
import type { CompiledModel, RenderedModel } from './compiled-model.js';
import { contentHash, fingerprintOf } from './fingerprint.js';
import { refPlaceholder, replacePlaceholder, seedPlaceholder } from './placeholders.js';
import { seedsReadBy } from './seeds-read-by.js';
import { memoSeedBlobIds, seedIdentity } from './seed-identity.js';
import { readSeedColumnTypes } from '../seed/read-seed-column-types.js';
import { JinjaRenderer } from './jinja/jinja-renderer.js';
import { LiteRenderer } from './jinja/lite-renderer.js';
import type { RenderState } from './jinja/render-state.js';
import { projectNamingWith, type SchemaNameReads } from './naming-macros.js';
import { modelRelationNames } from './model-relation-names.js';
import { renderProjectJinja } from './render-project-jinja.js';
import { folderConfigRenderer } from './folder-config-jinja.js';
import { templateFunctions, type TemplateInputs } from './jinja/template-functions.js';
import { locateRef, locateSource, renderModelText, resolveDatasetRefs, type RenderContext, type RenderedText } from './render-model.js';
import { renderTargetSql, sourceRelation, type TargetSqlContext } from './target-sql.js';
import { writtenInUsedMacro, writtenOffset, type UsedMacroFiles } from './written-at.js';

export interface CompileOptions {
  target: Target;
  /** The environment `env_var()` reads (the shell passes process.env). */
  env: Record<string, string | undefined>;
  /** ISO timestamp for `run_started_at`; defaults to now. */
  runStartedAt?: string;
  /** Render simple models without nunjucks (default true); false forces nunjucks for every model. */
  useFastPath?: boolean;
  /**
   * An earlier rendering of a model file whose inputs did not change (incremental recording), used instead
   * of rendering the file; undefined renders it. The caller vouches that the rendering is still exact.
   */
  reuse?: (model: ModelFile) => ReusedModel | undefined;
  /** Shows what templates log with `log(message, info=True)`, once per render (the CLI prints it to stderr). */
  onLog?: (message: string, model: ModelFile) => void;
  /**
   * The git blob id of a seed file a model reads (it counts in the model's content hash); by default the
   * project's FileSource hashes it (the working tree) or names it (a commit). The CLI's partial compilation
   * passes one that reuses the id kept for a file whose stamp is unchanged.
   */
  seedBlobId?: (seed: SeedFile) => string | undefined;
  /** Called as models are rendered (or reused): `done` of `total`, for progress on long compiles (the CLI draws it). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * A model rendered before (at an earlier commit, or by the last compile) whose file, config, macros and vars
 * are unchanged: its rendering and content hash are taken as they are, and its fingerprint is recomputed from
 * its parents' fingerprints now.
 */
export interface ReusedModel {
  rendered: RenderedModel;
  contentHash: string;
  /** Its fingerprint when it was rendered, with `refCount` refs: kept while its refs and parents' fingerprints are. */
  fingerprint?: string;
  refCount?: number;
}

export interface CompileResult {
  project: Project;
  target: Target;
  /** Every enabled model that rendered, in deterministic topological order. */
  models: CompiledModel[];
  byName: Map<string, CompiledModel>;
  graph: ModelGraph;
  /** `source.table` -> its definition. */
  sources: Map<string, { source: SourceDefinition; table: SourceTable }>;
  /** SQL for the target: model name -> compiled SQL (memoised). */
  targetSql(name: string): string;
  /**
   * What targetSql renders with; a run or a test passes it to renderTargetSql with its own `relationFor`
   * (and a fresh `refCache`) to read parents from physical relations or an environment's views.
   */
  sqlContext: TargetSqlContext;
  /** Models taken from `options.reuse` instead of being rendered (empty without it). */
  reused: ReadonlySet<string>;
  /** Models whose config says `enabled: false`. */
  disabled: ReadonlySet<string>;
}

function sourceIndex(project: Project): Map<string, { source: SourceDefinition; table: SourceTable }> {
  const index = new Map<string, { source: SourceDefinition; table: SourceTable }>();
  for (const source of project.sources) {
    for (const table of source.tables) index.set(`${source.name}.${table.name}`, { source, table });
  }
  return index;
}

function importIndex(project: Project): Map<string, string> {
  const index = new Map<string, string>();
  for (const { path, name } of project.models) index.set((path.endsWith('.sql') ? path.slice(0, -4) : path).replaceAll('/', '.'), name);
  return index;
}

/** Made when first asked for: a recording that renders 10 models of 10,000 needs neither map of every model. */
function once<T extends object>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

function renderContext(project: Project, options: CompileOptions, diagnostics: Diagnostics): RenderContext {
  const inputs: TemplateInputs = {
    projectName: project.name,
    profileName: project.profile,
    vars: project.vars,
    env: options.env,
    target: options.target,
    runStartedAt: options.runStartedAt ?? new Date().toISOString(),
  };
  const fastState: { current: RenderState | undefined } = { current: undefined };
  let jinja: JinjaRenderer | undefined;
  let lite: LiteRenderer | undefined;
  const nunjucks = () => (jinja ??= new JinjaRenderer(inputs, project.macros, diagnostics));
  return {
    lite: () => {
      if (!lite) {
        lite = new LiteRenderer(templateFunctions(inputs, () => fastState.current!), project.macros, inputs.projectName);
        // Macro files lite skips parts of are still compiled by nunjucks once, so their errors are reported.
        if (lite.macrosNeedNunjucks) nunjucks();
      }
      return lite;
    },
    fastState,
    jinja: nunjucks,
    useFastPath: options.useFastPath ?? true,
    targetName: options.target.name,
    targetSchema: options.target.schema,
    vars: project.vars,
    importIndex: once(() => importIndex(project)),
    modelsByName: once(() => new Map(project.models.map((model) => [model.name, model]))),
    pragmaCache: new Map(),
    failedRenders: new Map(),
    macros: project.macros,
    naming: projectNamingWith(nunjucks, project),
    folderConfigs: folderConfigRenderer(nunjucks, diagnostics),
    sourceReads: new Map(project.sources.filter((s) => s.usedVars?.length || s.usedMacros?.length).map((s) => [s.name, { vars: s.usedVars ?? [], macros: s.usedMacros ?? [] }])),
    onLog: options.onLog,
    checkConfig: (model, config, usedMacros) => {
      validateModelConfig(config, (key) => configKeyLocation(model, key, { macros: project.macros, usedMacros }), diagnostics);
    },
  };
}

/** Where the model's own config(...) call or @config pragma sets `key`. */
/**
 * Where a model's config sets `key`: inside a `config(...)` call or an `@config` line (the last one: a later
 * call wins), not a mention in a comment or elsewhere; else the first `key =` in the file.
 */
function configKeyLocation(model: ModelFile, key: string, used: UsedMacroFiles) {
  const { content } = model;
  const pattern = new RegExp(`\\b${key.replace(/[^\w-]/g, '')}\\s*=`, 'g');
  let found = -1;
  for (const call of content.matchAll(/\bconfig\s*\(|@config:/g)) {
    const start = call.index + call[0].length;
    let end = content.indexOf('\n', start);
    if (call[0].endsWith('(')) {
      for (let depth = 1, i = start; i < content.length; i++) {
        if (content[i] === '(') depth++;
        else if (content[i] === ')' && --depth === 0) { end = i; break; }
      }
    }
    pattern.lastIndex = start;
    const match = pattern.exec(content);
    if (match && (end < 0 || match.index < end)) found = match.index;
  }
  if (found >= 0) return { file: model.path, ...positionAt(content, found) };
  const written = new RegExp(`\\b${key.replace(/[^\w-]/g, '')}\\s*=`);
  // A config() call in a macro the model calls: where the macro sets the key.
  if (writtenOffset(content, written) === undefined) {
    const inMacro = writtenInUsedMacro(new RegExp(`(?<=\\bconfig\\s*\\([^)]*)${written.source}`), used);
    if (inMacro) return { file: inMacro.file, line: inMacro.line, column: inMacro.column };
  }
  return { file: model.path, ...positionOf(content, written) };
}

/** `own` (sorted names) with `more` added: sorted, each once; `own` itself when there is nothing more. */
function withNames(own: string[], ...more: Iterable<string>[]): string[] {
  const extra = more.flatMap((names) => [...names]);
  return extra.length === 0 ? own : [...new Set([...own, ...extra])].sort();
}

function renderOne(model: ModelFile, project: Project, context: RenderContext, diagnostics: Diagnostics): { rendered: RenderedModel; text: RenderedText } | undefined {
  const properties = project.modelProperties.get(model.name);
  // Vars the model's folder configs read and macros they call count as the model's (a change of one renders it again).
  const reads = { vars: [] as string[], macros: [] as string[] };
  const folder = folderConfigFor(project, model, (jinja) => {
    const rendered = context.folderConfigs(jinja);
    reads.vars.push(...rendered.usedVars);
    reads.macros.push(...rendered.usedMacros);
    return rendered.config;
  });
  let base = mergeConfigs(folder, properties?.config ?? {});
  // The model's config values in its property file written in Jinja, rendered as folder configs are.
  if (properties?.configJinja) {
    const rendered = context.folderConfigs(properties.configJinja);
    reads.vars.push(...rendered.usedVars);
    reads.macros.push(...rendered.usedMacros);
    base = mergeConfigs(base, rendered.config);
  }
  const first = renderModelText(model, false, context, diagnostics, base);
  if (!first) return undefined;
  context.checkConfig(model, first.config, first.usedMacros);
  const config: ModelConfig = mergeConfigs(base, first.config);
  if (config.enabled === false) return undefined;
  // What generate_schema_name and generate_alias_name read for the model is the model's too (a change of such a var renders it again).
  const schemaReads: SchemaNameReads = { vars: new Set(), macros: new Set() };
  if ((context.naming.schema || context.naming.alias) && !modelRelationNames(model, project, config, { ...context.naming, targetSchema: context.targetSchema }, schemaReads, diagnostics)) return undefined;
  const text = resolveDatasetRefs(first, config.dependencies);
  const materialized = String(config.materialized ?? 'view');
  let incrementalSql: string | undefined;
  if (materialized === 'incremental') {
    const incremental = renderModelText(model, true, context, diagnostics, base);
    if (incremental) incrementalSql = resolveDatasetRefs(incremental, config.dependencies).sql;
  }
  if (!checkUnclosedSql({ model, renderings: [text.sql, incrementalSql], macros: context.macros, usedMacros: text.usedMacros }, diagnostics)) return undefined;
  // Vars a source's schema or identifier read (written in Jinja) are read by the models reading it, and its macros called.
  for (const { source } of text.sources) {
    const sourceReads = context.sourceReads.get(source);
    if (sourceReads) {
      reads.vars.push(...sourceReads.vars);
      reads.macros.push(...sourceReads.macros);
    }
  }
  // Shaped as the CompiledModel it becomes: filling in the hashes later then changes no object layout.
  const rendered: CompiledModel = {
    name: model.name,
    path: model.path,
    syntax: text.syntax,
    config,
    materialized,
    tags: Array.isArray(config.tags) ? config.tags.map(String) : [],
    refs: [...text.refs].sort(),
    sources: [...new Set(text.sources.map((s) => `${s.source}.${s.table}`))].sort(),
    datasets: text.datasets,
    canonicalSql: text.sql,
    incrementalSql,
    usedMacros: withNames(text.usedMacros, reads.macros, schemaReads.macros),
    usedVars: withNames(text.usedVars, reads.vars, schemaReads.vars),
    refLocations: text.refLocations,
    description: properties?.description,
    columns: properties?.columns ?? [],
    contentHash: '',
    fingerprint: '',
  };
  return { rendered, text };
}

/**
 * Reports refs to models that do not exist (or are disabled) and sources that are not declared. A ref
 * naming no model but a seed (as dbt allows) becomes a seed placeholder and leaves the model's refs.
 */
function checkReferences(
  files: Map<string, ModelFile>, rendered: Map<string, RenderedModel>, disabled: Set<string>,
  sources: Map<string, unknown>, seeds: ReadonlyMap<string, SeedFile>, disabledSeeds: ReadonlyMap<string, string>, target: Target,
  { macros, snapshots }: Pick<Project, 'macros' | 'snapshots'>, diagnostics: Diagnostics, others: ReadonlyMap<string, RenderedModel> = rendered,
): void {
  const resolves = (name: string) => rendered.has(name) || others.has(name) || files.has(name) && !disabled.has(name);
  for (const model of rendered.values()) {
    // Nearly always every ref resolves (10,000 models): then nothing is located or copied.
    if (model.refs.every(resolves) && model.sources.every((key) => sources.has(key))) continue;
    const file = files.get(model.name)!;
    const used = { macros, usedMacros: model.usedMacros };
    const known = model.refs.filter((name) => {
      if (resolves(name)) return true;
      const location = locateRef(file, model, name, used);
      if (seeds.has(name)) {
        if (target.type === 'amp') {
          diagnostics.error('seed-not-on-amp', `'${model.name}' refers to seed '${name}', but seeds are loaded into SQL warehouses, not into Amp`, location,
            `on Amp, fill a declared source table instead (${seeds.get(name)!.path} under a folder named after the source) and read it with source()`);
          return false;
        }
        readSeed(model, name);
        return false;
      }
      if (disabled.has(name)) {
        diagnostics.error('disabled-ref', `'${model.name}' refers to '${name}', which is disabled (enabled: false)`, location, `enable '${name}' or remove the ref`);
      } else if (disabledSeeds.has(name) && !files.has(name)) {
        diagnostics.error('disabled-ref', `'${model.name}' refers to seed '${name}' (${disabledSeeds.get(name)!}), which is disabled (enabled: false)`, location,
          `enable the seed (its +enabled under 'seeds:' in dbt_project.yml) or remove the ref`);
      } else if (snapshots?.has(name) && !files.has(name)) {
        diagnostics.error('unsupported-dbt', `'${model.name}' refers to snapshot '${name}' (${snapshots.get(name)!}), and amp-dbt does not run snapshots`, location,
          'read the table a dbt snapshot run keeps with source() (declare it under sources:), or make the snapshot a model (an incremental one appending changed rows keeps their history)');
      } else {
        const aliases = Object.keys(model.config.dependencies ?? {});
        // A seed is read with ref() too (not on Amp, where seeds are not loaded).
        const seedNames = target.type === 'amp' ? [] : [...seeds.keys()];
        const hint = didYouMean(name, [...files.keys(), ...aliases, ...seedNames])
          || `no model is named '${name}'; an Amp dataset must be declared with config(dependencies={'${name}': 'namespace/name@version'})`;
        diagnostics.error('unknown-ref', `'${model.name}' refers to '${name}', which is not a model or declared dataset`, location, hint);
      }
      return false;
    });
    model.refs = known;
    for (const key of model.sources) {
      if (sources.has(key)) continue;
      const [source, table] = key.split('.', 2);
      diagnostics.error('unknown-source', `source '${source}.${table}' is not declared`, locateSource(file, source, table, used),
        didYouMean(key, sources.keys()) || unreadablePropertyFilesHint(diagnostics) || `declare it under 'sources:' in a .yml file beside the models`);
    }
  }
}

/**
 * A property file with invalid YAML declares nothing: a source declared there is not seen until it is fixed,
 * so the hint of a source that is not declared names those files instead of asking to declare it.
 */
function unreadablePropertyFilesHint(diagnostics: Diagnostics): string | undefined {
  const files = [...new Set(diagnostics.items
    .filter((d) => d.code === 'yaml-syntax' && /\.ya?ml$/.test(d.file) && !/(^|\/)(dbt_project|profiles)\.ya?ml$/.test(d.file))
    .map((d) => d.file))].sort();
  if (files.length === 0) return undefined;
  const named = files.length === 1 ? files[0] : `${files.slice(0, -1).join(', ')} and ${files[files.length - 1]}`;
  return `${named} could not be read (invalid YAML, reported there): fix ${files.length === 1 ? 'it' : 'them'} first, as a source declared there is not seen`;
}

/** A model whose render failed, as checkReferences reads it: what it referenced before it failed (a dataset alias is not a ref). */
function failedModel(file: ModelFile, partial: Pick<RenderedModel, 'refs' | 'sources' | 'config' | 'usedMacros'>): RenderedModel {
  const dependencies = partial.config.dependencies;
  const aliases = typeof dependencies === 'object' && dependencies !== null ? dependencies : {};
  return {
    name: file.name, path: file.path, syntax: 'jinja', config: partial.config, materialized: '', tags: [], refs: partial.refs.filter((name) => !(name in aliases)),
    sources: partial.sources, datasets: {}, canonicalSql: '', usedMacros: partial.usedMacros, usedVars: [], refLocations: {}, columns: [],
  };
}

/** `ref('name')` of a seed: its placeholder becomes a seed placeholder (the model reads a table, not a model). */
function readSeed(model: RenderedModel, name: string): void {
  const [from, to] = [refPlaceholder(name), seedPlaceholder(name)];
  model.canonicalSql = replacePlaceholder(model.canonicalSql, from, to);
  if (model.incrementalSql !== undefined) model.incrementalSql = replacePlaceholder(model.incrementalSql, from, to);
}

/** What the model contributes to its fingerprint; a reused model's is taken as it was. */
export function modelContentHash(
  model: RenderedModel, earlier: ReusedModel | undefined, sources: Map<string, { source: SourceDefinition; table: SourceTable }>,
  seeds?: ReadonlyMap<string, SeedFile>, seedBlobId?: (seed: SeedFile) => string | undefined,
): string {
  if (earlier) return earlier.contentHash;
  return contentHash({
    canonicalSql: model.canonicalSql,
    incrementalSql: model.incrementalSql,
    config: model.config,
    sources: [
      ...model.sources.map((s) => { const found = sources.get(s); return found ? sourceRelation(found.source, found.table) : s; }),
      ...seedRelations(model, seeds, seedBlobId),
    ],
  });
}

/**
 * The seeds a model refs: like a source's, a seed's relation is part of what the model reads (also when the
 * model only names a part of it, `ref('seed').schema`), and so are its content and declared types (seedIdentity).
 */
function seedRelations(model: RenderedModel, seeds: ReadonlyMap<string, SeedFile> | undefined, seedBlobId?: (seed: SeedFile) => string | undefined): string[] {
  if (!seeds?.size) return [];
  return seedsReadBy(model).flatMap((name) => { const seed = seeds.get(name); return seed ? [seedIdentity(seed, seedBlobId?.(seed))] : []; });
}


/** Seeds by name with the models reading them (for `seed+` selectors): every seed models may ref, read or not. */
export function seedReaders(result: Pick<CompileResult, 'project' | 'target' | 'models'>): Map<string, string[]> {
  const readers = new Map([...refableSeeds(result.project, result.target).keys()].map((name): [string, string[]] => [name, []]));
  for (const model of result.models) for (const name of seedsReadBy(model)) readers.get(name)?.push(model.name);
  return readers;
}

/** The models of a project rendered (or reused), before the graph is ordered and fingerprinted. */
export interface RenderedModels {
  /** By name: every model rendered or reused, enabled. */
  rendered: Map<string, RenderedModel>;
  /** Models whose config says `enabled: false`. */
  disabled: Set<string>;
  reused: Map<string, ReusedModel>;
  /** Every model file by name. */
  files: Map<string, ModelFile>;
  sources: Map<string, { source: SourceDefinition; table: SourceTable }>;
  /** Seeds models may ref by name. */
  seeds: Map<string, SeedFile>;
  /** The git blob id of a seed's file (memoised: each file is hashed once, when a model reads it). */
  seedBlobId: (seed: SeedFile) => string | undefined;
  /** Seeds of a model's name (the model wins a ref): their tables may clash with the model's (relationClashes). */
  shadowedSeeds: SeedFile[];
  /** Names of two enabled model files (reported as duplicate-model). */
  duplicated: Set<string>;
}

/**
 * Renders the project's models (or takes them from `options.reuse`) and reports refs to unknown or
 * disabled models and undeclared sources. `only` limits rendering to those model paths: the others are
 * neither rendered nor checked (an incremental recording takes them from the recorded manifest);
 * `disabled` names the others that are disabled, when known (a ref to one is then an error).
 */
export function renderModels(
  project: Project, options: CompileOptions, diagnostics: Diagnostics, only?: ReadonlySet<string>, disabledOthers?: ReadonlySet<string>,
): RenderedModels {
  const context = renderContext(project, options, diagnostics);
  const files = new Map(project.models.map((m) => [m.name, m]));
  const rendered = new Map<string, RenderedModel>();
  const disabled = new Set<string>(disabledOthers);
  const reused = new Map<string, ReusedModel>();
  const laterFiles = groupByName(project.duplicateModels ?? []);
  const duplicated = new Set<string>();
  // What can be reused is asked of every model first (taking their stamps), so the files to render are
  // read ahead, on another thread, while the first ones render (FileSource.prefetch).
  const earlierOf = new Map<string, ReusedModel>();
  const toRead: string[] = [];
  for (const model of project.models) {
    if ((only && !only.has(model.path)) || (!only && laterFiles.has(model.name))) continue;
    const earlier = options.reuse?.(model);
    if (earlier) earlierOf.set(model.name, earlier);
    else toRead.push(model.path);
  }
  project.files.prefetch?.(toRead);
  const total = only ? only.size : project.models.length;
  let done = 0;
  for (const model of project.models) {
    if (only && !only.has(model.path)) continue;
    options.onProgress?.(done++, total);
    const later = only ? undefined : laterFiles.get(model.name);
    if (later) {
      const chosen = renderNamesake([model, ...later], project, context, diagnostics, duplicated);
      if (chosen === 'disabled') disabled.add(model.name);
      else if (chosen) {
        rendered.set(model.name, chosen.rendered);
        files.set(model.name, chosen.file);
      }
      continue;
    }
    const earlier = earlierOf.get(model.name);
    if (earlier) {
      rendered.set(model.name, earlier.rendered);
      reused.set(model.name, earlier);
      continue;
    }
    const before = diagnostics.items.length;
    const result = renderOne(model, project, context, diagnostics);
    context.pragmaCache.delete(model.path);
    if (result) rendered.set(model.name, result.rendered);
    else if (diagnostics.items.length === before) disabled.add(model.name);
  }
  const sources = sourceIndex(project);
  let seeds = new Map<string, SeedFile>();
  const shadowedSeeds: SeedFile[] = [];
  const disabledSeeds = new Map<string, string>();
  try {
    // Their declared column types shape their tables, so they count in the readers' content hashes (errors are seed's to report).
    const columnTypes = project.seedPaths.length > 0 ? readSeedColumnTypes(project, new Diagnostics()) : undefined;
    seeds = refableSeeds(project, options.target, columnTypes, context.naming, shadowedSeeds, disabledSeeds);
  } catch (error) {
    // The project's generate_schema_name or generate_alias_name failed for a seed.
    diagnostics.capture(error, { file: 'dbt_project.yml', line: 1, column: 1 }, 'jinja-render');
  }
  checkReferences(files, rendered, disabled, sources, seeds, disabledSeeds, options.target, project, diagnostics);
  // What failed renders referenced before they failed: checked as well (all problems at once), nothing kept.
  const failed = new Map([...context.failedRenders].filter(([name]) => !rendered.has(name) && files.has(name)).map(([name, partial]) => [name, failedModel(files.get(name)!, partial)]));
  if (failed.size > 0) checkReferences(files, failed, disabled, sources, seeds, disabledSeeds, options.target, project, diagnostics, rendered);
  const seedBlobId = memoSeedBlobIds(options.seedBlobId ?? ((seed) => project.files.blobId?.(seed.path)));
  return { rendered, disabled, reused, files, sources, seeds, seedBlobId, shadowedSeeds, duplicated };
}

/** A model's sources for selection: those it reads with source(), and declared ones it reads through a dataset. */
function withDatasetSources(sources: string[], canonicalSql: string, declared: readonly SourceDefinition[]): string[] {
  const more = datasetSources(canonicalSql, declared).filter((key) => !sources.includes(key));
  return more.length === 0 ? sources : [...sources, ...more];
}

function groupByName(models: readonly ModelFile[]): Map<string, ModelFile[]> {
  const groups = new Map<string, ModelFile[]>();
  for (const model of models) groups.set(model.name, [...(groups.get(model.name) ?? []), model]);
  return groups;
}

/**
 * Files of one model name: as in dbt, at most one may be enabled, and that one is the model (two models of
 * a name, one per target with `enabled=(target.name == ...)`, or an old one disabled by its folder). Two
 * enabled ones are `duplicate-model`, at the later file; the first stays the model, so refs to it resolve.
 * Every file is rendered (none is taken from the partial-compile cache): `disabled` when all are disabled,
 * undefined when none is enabled and one failed.
 */
function renderNamesake(
  group: readonly ModelFile[], project: Project, context: RenderContext, diagnostics: Diagnostics, duplicated: Set<string>,
): { file: ModelFile; rendered: RenderedModel } | 'disabled' | undefined {
  const enabled: { file: ModelFile; rendered: RenderedModel }[] = [];
  let failed = false;
  for (const file of group) {
    const before = diagnostics.items.length;
    const result = renderOne(file, project, context, diagnostics);
    context.pragmaCache.delete(file.path);
    if (result) enabled.push({ file, rendered: result.rendered });
    else if (diagnostics.items.length !== before) failed = true;
  }
  const [first, ...others] = enabled;
  for (const other of others) {
    duplicated.add(other.file.name);
    diagnostics.error('duplicate-model', `two models are named '${other.file.name}': ${first!.file.path} and ${other.file.path}`,
      { file: other.file.path, line: 1, column: 1 }, 'model names must be unique across the project: rename one of the files, or disable all but one (enabled: false)');
  }
  return first ?? (failed ? undefined : 'disabled');
}

/**
 * Compiles a loaded project: renders every model (fast path or nunjucks, or header pragmas),
 * resolves references, orders the graph and fingerprints every model. Errors for the whole
 * project go to `diagnostics`; models that fail are left out, the rest still compile.
 */
export function compileProject(loaded: Project, options: CompileOptions, diagnostics: Diagnostics): CompileResult {
  // Sources' schemas and identifiers and dbt_project.yml's test configs written in Jinja (the CLI renders them
  // once it has the target: a no-op then).
  const project = renderProjectJinja(loaded, options, diagnostics);
  const { rendered, reused, disabled, files, sources, seeds, seedBlobId, shadowedSeeds, duplicated } = renderModels(project, options, diagnostics);
  for (const clash of relationClashes(rendered.values(), [...seeds.values(), ...shadowedSeeds], options.target)) diagnostics.add(clash);

  const graph = new ModelGraph([...rendered.values()].map((m): GraphNode => ({
    name: m.name, path: m.path, tags: m.tags, materialized: m.materialized, config: m.config,
    parents: m.refs, sources: withDatasetSources(m.sources, m.canonicalSql, project.sources), fqn: [project.name, ...(files.get(m.name)?.folders ?? []), m.name],
  })));
  for (const cycle of graph.findCycles()) {
    // A "cycle" through a duplicated name is an artefact of the duplicate, which is reported already.
    if (cycle.some((name) => duplicated.has(name))) continue;
    for (const name of cycle) {
      const node = graph.node(name)!;
      const model = rendered.get(name)!;
      node.parentLocations = Object.fromEntries(model.refs.map((r) => [r, locateRef(files.get(name)!, model, r)]));
    }
    diagnostics.add(cycleDiagnostic(graph, cycle, new Set(cycle.filter((name) => rendered.get(name)!.syntax === 'pragma'))));
  }

  const byName = new Map<string, CompiledModel>();
  const models: CompiledModel[] = [];
  // Reused models whose fingerprint is still the one they were reused with.
  const keptFingerprints = new Set<string>();
  for (const name of graph.topologicalOrder()) {
    const model = rendered.get(name)!;
    const compiled = model as CompiledModel;
    const earlier = reused.get(name);
    compiled.contentHash = modelContentHash(model, earlier, sources, seeds, seedBlobId);
    if (earlier?.fingerprint && earlier.refCount === model.refs.length && model.refs.every((p) => keptFingerprints.has(p))) {
      compiled.fingerprint = earlier.fingerprint;
      keptFingerprints.add(name);
    } else {
      compiled.fingerprint = fingerprintOf(compiled.contentHash, model.refs, (p) => byName.get(p)?.fingerprint ?? '');
    }
    byName.set(name, compiled);
    models.push(compiled);
  }

  const sqlContext: TargetSqlContext = {
    target: options.target, models: byName, sources, seeds, hasEphemeral: models.some((m) => m.materialized === 'ephemeral'),
    files: new Map(project.models.map((file) => [file.name, file])),
  };
  const cache = new Map<string, string>();
  return {
    project, target: options.target, models, byName, graph, sources, sqlContext, reused: new Set(reused.keys()), disabled,
    targetSql(name) {
      let sql = cache.get(name);
      if (sql === undefined) {
        sql = renderTargetSql(byName.get(name)!, sqlContext);
        cache.set(name, sql);
      }
      return sql;
    },
  };
}
