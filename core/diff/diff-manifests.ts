import { COMPILER_REVISION } from '../compile/compiler-revision.js';
import { compareNames } from '../graph/compare-names.js';
import type { ModelGraph } from '../graph/model-graph.js';
import { selectModels } from '../graph/select.js';
import type { Manifest, ManifestMacro, ManifestModel } from '../state/state-types.js';
import { classifyModel, type ClassifyContext } from './classify-model.js';
import { isDownstreamOnly } from './describe-change.js';
import type { DiffOptions, DiffSummary, MacroFileChange, ManifestDiff, ModelDiff } from './diff-types.js';
import { changedEntries } from './json-equal.js';
import { manifestGraph } from './manifest-graph.js';
import { renderDiffMermaid } from './render-diff-mermaid.js';

/**
 * What changed from `base` to `head`, model by model, with the reasons, the SQL diffs and the affected
 * subgraph. Pure: no IO. Unchanged models are skipped by comparing fingerprints and definition ids; a model
 * whose definition is shared changed only through a parent or a var (no SQL or config to compare), so text is
 * only compared, and diffed, for the models whose definition changed.
 */
export function diffManifests(base: Manifest, head: Manifest, options: DiffOptions = {}): ManifestDiff {
  const macros = macroChanges(base.macros, head.macros);
  const vars = changedEntries(base.vars, head.vars);
  const baseByName = byName(base.models);
  const headByName = byName(head.models);
  const context: ClassifyContext = {
    changedFingerprints: changedFingerprints(base.models, head.models, baseByName, headByName),
    changedMacroFiles: macros.map((m) => m.path),
    changedVars: new Map(vars.map((change) => [change.name, change])),
    sqlDiffs: options.sqlDiffs,
    sql: options.sql,
  };
  const changes = new Map<string, ModelDiff>();
  for (const model of head.models) addChange(changes, classifyModel(baseByName.get(model.name), model, context));
  const removed = base.models.filter((model) => !headByName.has(model.name));
  for (const model of removed) addChange(changes, classifyModel(model, undefined, context));
  // Removed models join the head graph (with their base parents): they can be selected and drawn. The
  // project name gives the nodes their fqn, which only selection reads.
  const selecting = Boolean(options.select?.length || options.exclude?.length);
  const graph = manifestGraph([...head.models, ...removed], selecting ? head.projectName : undefined);
  const { reported, warnings } = applySelection(graph, changes, options);
  const dataChanged = reported.filter((d) => d.change === 'added' || d.change === 'modified').map((d) => d.name);
  const affectedSet = new Set(graph.descendantsOfAll(dataChanged));
  for (const diff of reported) affectedSet.add(diff.name);
  const affected = graph.topologicalOrder().filter((name) => affectedSet.has(name));
  // Every reported model is affected: reading them in the affected order sorts them.
  const reportedByName = reported.length === changes.size ? changes : new Map(reported.map((d) => [d.name, d]));
  const models: ModelDiff[] = [];
  for (const name of affected) {
    const diff = reportedByName.get(name);
    if (diff) models.push(diff);
  }
  return {
    base: { commit: base.commit, projectName: base.projectName, models: base.models.length },
    head: { commit: head.commit, projectName: head.projectName, models: head.models.length },
    summary: summarize(models, affected.length, head.models.length + removed.length, changes.size),
    models,
    affected,
    mermaid: renderDiffMermaid(graph, affected, changes),
    mermaidChanged: renderDiffMermaid(graph, models.filter((d) => !isDownstreamOnly(d)).map((d) => d.name), changes),
    macros,
    vars,
    warnings: [...compilerRevisionWarnings(base, head, options.olderKeptBecause), ...warnings],
  };
}

/**
 * Two manifests recorded by different compiler revisions (an older amp-dbt recorded one): models may differ only
 * because amp-dbt renders them differently now. Says so, with the command that records the older one again, or
 * why that cannot be done here.
 */
function compilerRevisionWarnings(base: Manifest, head: Manifest, olderKeptBecause?: string): string[] {
  const revision = (m: Manifest) => m.compilerRevision ?? 0;
  if (revision(base) === revision(head)) return [];
  const older = revision(base) < revision(head) ? base : head;
  const named = (m: Manifest) => (m.compilerRevision === null ? 'before compiler revisions' : `compiler revision ${m.compilerRevision}`);
  const newer = older === base ? head : base;
  const remedy = revision(newer) > COMPILER_REVISION
    ? `the newer (${newer.commit.slice(0, 12)}) was recorded by an amp-dbt newer than this one (compiler revision ${COMPILER_REVISION}): upgrade to compare like with like`
    : olderKeptBecause === undefined
      ? `to compare like with like, record the older again: amp-dbt state record --commit ${older.commit.slice(0, 12)}`
      : `the older (${older.commit.slice(0, 12)}) could not be recorded again here, as ${olderKeptBecause}`;
  return [`the base was recorded by ${named(base)} and the head by ${named(head)}: models may differ only because amp-dbt renders them `
    + `differently now; ${remedy}`];
}

function addChange(changes: Map<string, ModelDiff>, diff: ModelDiff | null): void {
  if (diff) changes.set(diff.name, diff);
}

/** Names whose fingerprint differs, or that only one side has. */
function changedFingerprints(
  base: readonly ManifestModel[], head: readonly ManifestModel[], baseByName: ReadonlyMap<string, ManifestModel>, headByName: ReadonlyMap<string, ManifestModel>,
): Set<string> {
  const changed = new Set<string>();
  for (const model of head) if (baseByName.get(model.name)?.fingerprint !== model.fingerprint) changed.add(model.name);
  for (const model of base) if (!headByName.has(model.name)) changed.add(model.name);
  return changed;
}

function byName(models: readonly ManifestModel[]): Map<string, ManifestModel> {
  return new Map(models.map((model) => [model.name, model]));
}

/** The changes the selection keeps; `state:modified` is added or modified models, `state:new` added ones. */
function applySelection(graph: ModelGraph, changes: Map<string, ModelDiff>, options: DiffOptions): { reported: ModelDiff[]; warnings: string[] } {
  const all = [...changes.values()];
  if (!options.select?.length && !options.exclude?.length) return { reported: all, warnings: [] };
  const state = {
    modified: all.filter((d) => d.change === 'added' || d.change === 'modified').map((d) => d.name),
    new: all.filter((d) => d.change === 'added').map((d) => d.name),
  };
  const seeds = options.seedReaders;
  const notInGraph = seeds && new Map([...seeds.keys()].map((name) => [name, 'seed' as const]));
  const selection = selectModels(graph, { select: options.select, exclude: options.exclude, state, seedReaders: seeds, notInGraph });
  const selected = new Set(selection.selected);
  return { reported: all.filter((d) => selected.has(d.name)), warnings: selection.warnings };
}

/** Macro files added, removed or changed (by blob id), sorted by path. */
export function macroChanges(base: readonly ManifestMacro[], head: readonly ManifestMacro[]): MacroFileChange[] {
  const before = new Map(base.map((m) => [m.path, m.blobId]));
  const after = new Map(head.map((m) => [m.path, m.blobId]));
  const changes: MacroFileChange[] = [];
  for (const [path, blob] of after) {
    if (!before.has(path)) changes.push({ path, change: 'added' });
    else if (before.get(path) !== blob) changes.push({ path, change: 'modified' });
  }
  for (const path of before.keys()) if (!after.has(path)) changes.push({ path, change: 'removed' });
  return changes.sort((a, b) => compareNames(a.path, b.path));
}

/** Counts of the reported models; `changed` counts every changed model, selected or not. */
function summarize(models: ModelDiff[], affected: number, total: number, changed: number): DiffSummary {
  const counts: Record<ModelDiff['change'], number> = { added: 0, removed: 0, modified: 0, 'formatting-only': 0, 'metadata-only': 0 };
  for (const diff of models) counts[diff.change]++;
  return {
    added: counts.added,
    removed: counts.removed,
    modified: counts.modified,
    formattingOnly: counts['formatting-only'],
    metadataOnly: counts['metadata-only'],
    affected,
    unchanged: total - changed,
    notSelected: changed - models.length,
  };
}
