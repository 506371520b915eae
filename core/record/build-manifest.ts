import type { CompileResult } from '../compile/compile-project.js';
import { manifestModelFromCompiled } from '../state/manifest-model-from-compiled.js';
import type { ManifestInput } from '../state/state-types.js';
import type { FileSource } from '../util/file-source.js';

/** What the state database keeps of a compiled commit. */
export function buildManifest(result: CompileResult, commit: string, parents: string[], files: FileSource): ManifestInput {
  const blobId = (path: string) => files.blobId?.(path) ?? null;
  const models = [...result.models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((model) => manifestModelFromCompiled(model, blobId(model.path)));
  const usedVars = new Set(result.models.flatMap((m) => m.usedVars));
  const vars = Object.fromEntries([...usedVars].sort().map((name) => [name, result.project.vars[name] ?? null]));
  return {
    commit,
    parents,
    projectName: result.project.name,
    models,
    macros: result.project.macros.map((macro) => ({ path: macro.path, blobId: blobId(macro.path) })),
    vars,
  };
}
