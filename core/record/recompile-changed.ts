import { modelContentHash, renderModels } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import { fingerprintOfParents } from '../compile/fingerprint.js';
import { relationClashes } from '../compile/relation-clashes.js';
import { renderTests } from '../test/compile-with-tests.js';
import { Diagnostics } from '../errors.js';
import type { Project } from '../project/project-types.js';
import { manifestModelFromCompiled } from '../state/manifest-model-from-compiled.js';
import { withFingerprint } from '../state/manifest-packing.js';
import type { Manifest, ManifestModel } from '../state/state-types.js';
import type { FileSource } from '../util/file-source.js';
import { recordedContent, type RecordedContent, type RecordedModel } from './build-manifest.js';
import { RECORD_RUN_STARTED_AT, type CommitCompileOptions } from './commit-compilation.js';

/** Why the lean path cannot finish: the commit is compiled in full instead, which reports any error exactly. */
export interface RecompileFallback {
  fallback: string;
}

/** A model of the commit: taken over from the recorded manifest, or rendered now. */
type Entry = { reused: ManifestModel; rendered?: undefined } | { reused?: undefined; rendered: CompiledModel };

/**
 * The models of a commit from the recorded manifest of an ancestor: only the model files in `project` that
 * `reusable` (by path) does not cover are rendered; every other model is the ancestor's, as recorded. The
 * graph is ordered and fingerprints are recomputed from content hashes down from the first changed model;
 * a reused model whose parents kept their fingerprints keeps its own without hashing. Nothing a full
 * compile would report is hidden: any error, a cycle, or a reused model that refers to a model now
 * disabled or missing is a fallback to the full compile.
 */
export function recompileChanged(
  project: Project, base: Manifest, reusable: ReadonlyMap<string, ManifestModel>, files: FileSource, options: CommitCompileOptions,
): { recorded: RecordedContent; rendered: number; reused: number } | RecompileFallback {
  if (project.duplicateModels?.length) return { fallback: 'two model files have the same name' };
  const diagnostics = new Diagnostics();
  const only = new Set(project.models.filter((m) => !reusable.has(m.path)).map((m) => m.path));
  const compileOptions = { target: options.target, env: options.env, runStartedAt: RECORD_RUN_STARTED_AT, onProgress: options.onProgress };
  const { rendered, sources, seeds, seedBlobId, shadowedSeeds, disabled } = renderModels(project, compileOptions, diagnostics, only);
  if (diagnostics.hasErrors) return { fallback: 'the project has errors' };
  // The tests too (as compile and run check them): a test with errors is reported exactly by the full compile.
  renderTests(project, compileOptions, disabled, diagnostics);
  if (diagnostics.hasErrors) return { fallback: 'a test has errors' };
  const entries: Entry[] = [];
  for (const file of project.models) {
    const earlier = reusable.get(file.path);
    if (earlier) entries.push({ reused: earlier });
    else if (rendered.has(file.name)) entries.push({ rendered: rendered.get(file.name) as CompiledModel });
  }
  const named = entries.map((entry) => entry.reused ?? entry.rendered);
  if (relationClashes(named, [...seeds.values(), ...shadowedSeeds], options.target).length > 0) return { fallback: 'two models would be built as one relation' };
  const graph = orderedGraph(entries);
  if (!graph) return { fallback: 'the models refer to a missing model or in a cycle' };
  // Each model's fingerprint in the ancestor's manifest (undefined for a new one), and its fingerprint now.
  const baseFingerprints = new Map(base.models.map((m) => [m.name, m.fingerprint]));
  const before = entries.map((entry) => (entry.reused ? entry.reused.fingerprint : baseFingerprints.get(entry.rendered.name)));
  const now: string[] = new Array(entries.length);
  const models: RecordedModel[] = [];
  for (const i of graph.order) {
    const entry = entries[i];
    const parents = graph.parents[i];
    if (entry.reused && parents.every((p) => now[p] === before[p])) {
      now[i] = entry.reused.fingerprint;
      models.push(entry.reused);
      continue;
    }
    const refs = entry.reused ? entry.reused.refs : entry.rendered.refs;
    const content = entry.reused ? entry.reused.contentHash : modelContentHash(entry.rendered, undefined, sources, seeds, seedBlobId);
    const fingerprint = fingerprintOfParents(content, refs, parents.map((p) => now[p]));
    now[i] = fingerprint;
    if (entry.reused) {
      models.push(withFingerprint(entry.reused, fingerprint));
    } else {
      entry.rendered.contentHash = content;
      entry.rendered.fingerprint = fingerprint;
      models.push(manifestModelFromCompiled(entry.rendered, files.blobId?.(entry.rendered.path) ?? null));
    }
  }
  return { recorded: recordedContent(project, models, files), rendered: rendered.size, reused: entries.length - rendered.size };
}

/**
 * Each model's parents (indexes into `entries`, in the order of its refs) and an order with parents first
 * (Kahn's algorithm); null when a ref names no model of `entries` or the refs form a cycle.
 */
function orderedGraph(entries: readonly Entry[]): { order: number[]; parents: number[][] } | null {
  const index = new Map<string, number>();
  entries.forEach((entry, i) => index.set(entry.reused ? entry.reused.name : entry.rendered.name, i));
  const parents: number[][] = new Array(entries.length);
  const children: number[][] = entries.map(() => []);
  const waiting = new Int32Array(entries.length);
  const order: number[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const refs = entry.reused ? entry.reused.refs : entry.rendered.refs;
    const own: number[] = new Array(refs.length);
    for (let k = 0; k < refs.length; k++) {
      const p = index.get(refs[k]);
      if (p === undefined) return null;
      own[k] = p;
      children[p].push(i);
    }
    parents[i] = own;
    waiting[i] = refs.length;
    if (refs.length === 0) order.push(i);
  }
  for (let at = 0; at < order.length; at++) {
    for (const child of children[order[at]]) if (--waiting[child] === 0) order.push(child);
  }
  return order.length === entries.length ? { order, parents } : null;
}
