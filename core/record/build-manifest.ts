import type { CompileResult } from '../compile/compile-project.js';
import type { Project } from '../project/project-types.js';
import { manifestModelFromCompiled } from '../state/manifest-model-from-compiled.js';
import type { ManifestInput, ManifestModel, ModelSql } from '../state/state-types.js';
import type { FileSource } from '../util/file-source.js';

/** A recorded model: its SQL travels with it only when it was rendered (a reused one shares its stored definition). */
export type RecordedModel = ManifestModel & Partial<ModelSql>;

/** What a compiled commit records, before it is given its commit and parents. */
export interface RecordedContent {
  projectName: string;
  /** Sorted by name. */
  models: RecordedModel[];
  macros: ManifestInput['macros'];
  vars: Record<string, unknown>;
}

/** A manifest to save whose models all have their definition id. */
export type BuiltManifest = ManifestInput & { models: RecordedModel[] };

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The recorded content of `models` (any order) in `project`; blob ids come from `files`. */
export function recordedContent(project: Project, models: RecordedModel[], files: FileSource): RecordedContent {
  const blobId = (path: string) => files.blobId?.(path) ?? null;
  const usedVars = new Set(models.flatMap((m) => m.usedVars));
  return {
    projectName: project.name,
    models: models.sort(byName),
    macros: project.macros.map((macro) => ({ path: macro.path, blobId: blobId(macro.path) })),
    // The vars the project sets: one read only with its default has no value to record (diff would show it
    // as a change from unset to null).
    vars: Object.fromEntries([...usedVars].sort().filter((name) => Object.hasOwn(project.vars, name)).map((name) => [name, project.vars[name] ?? null])),
  };
}

/** What the state database keeps of a fully compiled commit. */
export function compiledContent(result: CompileResult, files: FileSource): RecordedContent {
  const models = result.models.map((model) => manifestModelFromCompiled(model, files.blobId?.(model.path) ?? null));
  return recordedContent(result.project, models, files);
}
