import type { CompileResult } from '../compile/compile-project.js';
import { manifestModelFromCompiled } from '../state/manifest-model-from-compiled.js';
import type { ManifestInput, ManifestModel, ModelSql } from '../state/state-types.js';
import type { FileSource } from '../util/file-source.js';

/** A manifest to save whose models all have their definition id (their SQL only when it was rendered). */
export type BuiltManifest = ManifestInput & { models: Array<ManifestModel & Partial<ModelSql>> };

/**
 * What the state database keeps of a compiled commit. Models taken over from the base manifest
 * (`reusedFrom`, by name) keep their definition and take the fingerprint they have now.
 */
export function buildManifest(
  result: CompileResult, commit: string, parents: string[], files: FileSource, reusedFrom?: ReadonlyMap<string, ManifestModel>,
): BuiltManifest {
  const blobId = (path: string) => files.blobId?.(path) ?? null;
  const models = [...result.models].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((model) => {
    const earlier = reusedFrom?.get(model.name);
    return earlier ? { ...earlier, fingerprint: model.fingerprint } : manifestModelFromCompiled(model, blobId(model.path));
  });
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
