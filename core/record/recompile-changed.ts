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
  const before = entries.map((entry) => (entry.reused ? entry.reused.fingerprint : recordedFingerprint(base, entry.rendered.name)));
  const now: string[] = new Array(entries.length);
  const models: RecordedModel[] = [];
  const { order, parentStart, parentList } = graph;
  for (let o = 0; o < order.length; o++) {
    const i = order[o];
    const entry = entries[i];
    const [start, end] = [parentStart[i], parentStart[i + 1]];
    let parentsKept = true;
    for (let k = start; parentsKept && k < end; k++) parentsKept = now[parentList[k]] === before[parentList[k]];
    if (entry.reused && parentsKept) {
      now[i] = entry.reused.fingerprint;
      models.push(entry.reused);
      continue;
    }
    const refs = entry.reused ? entry.reused.refs : entry.rendered.refs;
    const content = entry.reused ? entry.reused.contentHash : modelContentHash(entry.rendered, undefined, sources, seeds, seedBlobId);
    const parentFingerprints = new Array<string>(end - start);
    for (let k = start; k < end; k++) parentFingerprints[k - start] = now[parentList[k]];
    const fingerprint = fingerprintOfParents(content, refs, parentFingerprints);
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

/** A model's fingerprint in a recorded manifest (its models are sorted by name), undefined when it has none. */
function recordedFingerprint(manifest: Manifest, name: string): string | undefined {
  const { models } = manifest;
  let [low, high] = [0, models.length - 1];
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = models[middle].name;
    if (at === name) return models[middle].fingerprint;
    if (at < name) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/**
 * Each model's parents (indexes into `entries`, in the order of its refs: those of model i are
 * `parentList[parentStart[i]]` up to `parentList[parentStart[i + 1]]`) and an order with parents first
 * (Kahn's algorithm); null when a ref names no model of `entries` or the refs form a cycle. Flat arrays
 * rather than an array per model: 10,000 models, two arrays each, were a tenth of a recording's graph work.
 */
function orderedGraph(entries: readonly Entry[]): { order: Int32Array; parentStart: Int32Array; parentList: Int32Array } | null {
  const index = new Map<string, number>();
  entries.forEach((entry, i) => index.set(entry.reused ? entry.reused.name : entry.rendered.name, i));
  const refsOf = (i: number) => (entries[i].reused ? entries[i].reused!.refs : entries[i].rendered!.refs);
  const parentStart = new Int32Array(entries.length + 1);
  for (let i = 0; i < entries.length; i++) parentStart[i + 1] = parentStart[i] + refsOf(i).length;
  const parentList = new Int32Array(parentStart[entries.length]);
  const childCount = new Int32Array(entries.length + 1);
  for (let i = 0, k = 0; i < entries.length; i++) {
    for (const ref of refsOf(i)) {
      const p = index.get(ref);
      if (p === undefined) return null;
      parentList[k++] = p;
      childCount[p + 1]++;
    }
  }
  // Children the same way: those of model p are childList[childStart[p]] up to childList[childStart[p + 1]].
  const childStart = childCount;
  for (let p = 0; p < entries.length; p++) childStart[p + 1] += childStart[p];
  const childList = new Int32Array(parentList.length);
  const filled = childStart.slice(0, entries.length);
  for (let i = 0; i < entries.length; i++) {
    for (let k = parentStart[i]; k < parentStart[i + 1]; k++) childList[filled[parentList[k]]++] = i;
  }
  const waiting = new Int32Array(entries.length);
  const order = new Int32Array(entries.length);
  let size = 0;
  for (let i = 0; i < entries.length; i++) {
    waiting[i] = parentStart[i + 1] - parentStart[i];
    if (waiting[i] === 0) order[size++] = i;
  }
  for (let at = 0; at < size; at++) {
    const p = order[at];
    for (let k = childStart[p]; k < childStart[p + 1]; k++) if (--waiting[childList[k]] === 0) order[size++] = childList[k];
  }
  return size === entries.length ? { order, parentStart, parentList } : null;
}
