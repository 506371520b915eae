import { modelContentHash, renderModels } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import { fingerprintOf } from '../compile/fingerprint.js';
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
  if (project.duplicateModelNames && project.duplicateModelNames.size > 0) return { fallback: 'two model files have the same name' };
  const diagnostics = new Diagnostics();
  const only = new Set(project.models.filter((m) => !reusable.has(m.path)).map((m) => m.path));
  const compileOptions = { target: options.target, env: options.env, runStartedAt: RECORD_RUN_STARTED_AT };
  const { rendered, sources } = renderModels(project, compileOptions, diagnostics, only);
  if (diagnostics.hasErrors) return { fallback: 'the project has errors' };
  const entries = new Map<string, Entry>();
  for (const file of project.models) {
    const earlier = reusable.get(file.path);
    if (earlier) entries.set(earlier.name, { reused: earlier });
    else if (rendered.has(file.name)) entries.set(file.name, { rendered: rendered.get(file.name) as CompiledModel });
  }
  const order = topologicalOrder(entries);
  if (!order) return { fallback: 'the models refer to a missing model or in a cycle' };
  const baseFingerprints = new Map(base.models.map((m) => [m.name, m.fingerprint]));
  const fingerprints = new Map<string, string>();
  const models: RecordedModel[] = [];
  for (const name of order) {
    const entry = entries.get(name)!;
    const refs = entry.reused ? entry.reused.refs : entry.rendered.refs;
    if (entry.reused && refs.every((p) => fingerprints.get(p) === baseFingerprints.get(p))) {
      fingerprints.set(name, entry.reused.fingerprint);
      models.push(entry.reused);
      continue;
    }
    const content = entry.reused ? entry.reused.contentHash : modelContentHash(entry.rendered, undefined, sources);
    const fingerprint = fingerprintOf(content, refs, (p) => fingerprints.get(p)!);
    fingerprints.set(name, fingerprint);
    if (entry.reused) {
      models.push(withFingerprint(entry.reused, fingerprint));
    } else {
      entry.rendered.contentHash = content;
      entry.rendered.fingerprint = fingerprint;
      models.push(manifestModelFromCompiled(entry.rendered, files.blobId?.(entry.rendered.path) ?? null));
    }
  }
  return { recorded: recordedContent(project, models, files), rendered: rendered.size, reused: entries.size - rendered.size };
}

/** Kahn's algorithm over the models' refs; null when a ref names no model of `entries` or the refs form a cycle. */
function topologicalOrder(entries: ReadonlyMap<string, Entry>): string[] | null {
  const names = [...entries.keys()];
  const index = new Map(names.map((name, i) => [name, i]));
  const children: number[][] = names.map(() => []);
  const waiting = new Int32Array(names.length);
  const ready: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const entry = entries.get(names[i])!;
    const refs = entry.reused ? entry.reused.refs : entry.rendered.refs;
    for (const parent of refs) {
      const p = index.get(parent);
      if (p === undefined) return null;
      children[p].push(i);
    }
    waiting[i] = refs.length;
    if (refs.length === 0) ready.push(i);
  }
  for (let at = 0; at < ready.length; at++) {
    for (const child of children[ready[at]]) if (--waiting[child] === 0) ready.push(child);
  }
  return ready.length === names.length ? ready.map((i) => names[i]) : null;
}
