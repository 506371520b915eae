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
 * subgraph. Pure: no IO. Unchanged models are skipped by a cheap comparison (fingerprint, blob id, SQL
 * text, config), so text diffs are only computed for the models that changed.
 */
export function diffManifests(base: Manifest, head: Manifest, options: DiffOptions = {}): ManifestDiff {
  const macros = macroChanges(base.macros, head.macros);
  const vars = changedEntries(base.vars, head.vars);
  const context: ClassifyContext = {
    baseByName: byName(base.models),
    headByName: byName(head.models),
    changedMacroFiles: macros.map((m) => m.path),
    changedVars: new Map(vars.map((change) => [change.name, change])),
    sqlDiffs: options.sqlDiffs,
    sql: options.sql,
  };
  const changes = new Map<string, ModelDiff>();
  for (const model of head.models) addChange(changes, classifyModel(context.baseByName.get(model.name), model, context));
  const removed = base.models.filter((model) => !context.headByName.has(model.name));
  for (const model of removed) addChange(changes, classifyModel(model, undefined, context));
  // Removed models join the head graph (with their base parents): they can be selected and drawn.
  const graph = manifestGraph([...head.models, ...removed]);
  const { reported, warnings } = applySelection(graph, changes, options);
  const dataChanged = reported.filter((d) => d.change === 'added' || d.change === 'modified').map((d) => d.name);
  const affectedSet = new Set([...reported.map((d) => d.name), ...graph.descendantsOfAll(dataChanged)]);
  const order = graph.topologicalOrder();
  const affected = order.filter((name) => affectedSet.has(name));
  const position = new Map(affected.map((name, i) => [name, i]));
  const models = reported.sort((a, b) => position.get(a.name)! - position.get(b.name)!);
  return {
    base: { commit: base.commit, projectName: base.projectName, models: base.models.length },
    head: { commit: head.commit, projectName: head.projectName, models: head.models.length },
    summary: summarize(models, affected.length, head.models.length + removed.length),
    models,
    affected,
    mermaid: renderDiffMermaid(graph, affected, changes),
    mermaidChanged: renderDiffMermaid(graph, models.filter((d) => !isDownstreamOnly(d)).map((d) => d.name), changes),
    macros,
    vars,
    warnings,
  };
}

function addChange(changes: Map<string, ModelDiff>, diff: ModelDiff | null): void {
  if (diff) changes.set(diff.name, diff);
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
  const selection = selectModels(graph, { select: options.select, exclude: options.exclude, state });
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

function summarize(models: ModelDiff[], affected: number, total: number): DiffSummary {
  const count = (change: ModelDiff['change']) => models.filter((d) => d.change === change).length;
  return {
    added: count('added'),
    removed: count('removed'),
    modified: count('modified'),
    formattingOnly: count('formatting-only'),
    metadataOnly: count('metadata-only'),
    affected,
    unchanged: total - models.length,
  };
}
