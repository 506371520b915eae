import { basename } from 'node:path';
import { templateGlobalNames } from '../compile/jinja/template-functions.js';
import { renderProjectJinja } from '../compile/render-project-jinja.js';
import { RECORD_RUN_STARTED_AT } from './commit-compilation.js';
import { Diagnostics } from '../errors.js';
import { loadProject } from '../project/load-project.js';
import { readProjectSettings, type ProjectSettings } from '../project/read-project-settings.js';
import { parseYamlFile } from '../project/yaml-file.js';
import type { Manifest, ManifestModel, ModelSql } from '../state/state-types.js';
import { changedMacroNames } from './changed-macro-names.js';
import type { CommitSnapshot, ProjectTree } from './commit-snapshot.js';
import type { CommitCompilation, CommitCompileOptions } from './commit-compilation.js';
import { classifyChanges, isMacroFile, modelNamedAsSeed, reusableModels } from './reusable-models.js';
import { projectSettingsChanged } from './project-settings-changed.js';
import { recompileChanged } from './recompile-changed.js';
import { snapshotFileSource } from './snapshot-file-source.js';
import { readersOfSeeds } from './readers-of-seeds.js';

/** The recorded SQL text of definitions, by id (the state database's getModelSql). */
export type ReadModelSql = (definitionIds: readonly string[]) => Promise<ReadonlyMap<string, ModelSql>>;

/** Why the ancestor cannot be reused: the commit is compiled in full instead. */
export interface IncrementalFallback {
  fallback: string;
}

/** Reads the named files of the commit (path -> text); files missing from the commit are left out. */
async function readFiles(snapshot: CommitSnapshot, tree: ProjectTree, paths: readonly string[]): Promise<Map<string, string>> {
  const present = paths.filter((path) => tree.has(path));
  const texts = await snapshot.readTexts(present.map((path) => tree.get(path)!));
  return new Map(present.map((path, i) => [path, texts[i]]));
}

function settingsOf(text: string, options: CommitCompileOptions): ProjectSettings | null {
  const diagnostics = new Diagnostics();
  const yaml = parseYamlFile(text, 'dbt_project.yml', diagnostics);
  const settings = yaml.ok ? readProjectSettings(yaml, basename(options.projectDir).replace(/\W+/g, '_') || 'project', diagnostics) : null;
  return diagnostics.hasErrors ? null : settings;
}

/**
 * Compiles a commit from the manifest of a recorded ancestor: only model files whose blob changed, or whose
 * macros, vars, seeds read (their files' blobs) or referenced paths changed, are read and rendered; the others are taken from the manifest,
 * and fingerprints are recomputed along the graph from the first changed model down. A changed property
 * file, profiles.yml or dbt_project.yml setting other than `vars` means a full compile (returned as a
 * fallback), and so does any error: the full compile then reports it exactly.
 */
export async function compileIncremental(
  snapshot: CommitSnapshot, base: Manifest, options: CommitCompileOptions, readSql?: ReadModelSql,
): Promise<CommitCompilation | IncrementalFallback> {
  // Only the files that changed, with their blob ids at the ancestor: folders with equal ids are not read.
  let before: ProjectTree;
  let changed: string[];
  try {
    const changes = await snapshot.changesSince(base.commit);
    changed = [...changes.keys()].sort();
    before = new Map([...changes].flatMap(([path, change]) => (change.before === undefined ? [] : [[path, change.before] as const])));
  } catch {
    return { fallback: `the recorded ancestor ${base.commit.slice(0, 12)} is not in the local repository (a shallow clone?)` };
  }
  const { tree } = snapshot;
  const project = await readFiles(snapshot, tree, ['dbt_project.yml']);
  const projectText = project.get('dbt_project.yml');
  const settings = projectText === undefined ? null : settingsOf(projectText, options);
  if (!settings) return { fallback: 'dbt_project.yml is missing or has errors' };
  const changes = classifyChanges(changed, settings);
  if (changes.config.length > 0) return { fallback: `${changes.config[0]} changed` };
  // A seed added or removed changes what a ref of its name reads; an edited one, the content hash of its readers.
  const seedAddedOrRemoved = changes.seeds.find((path) => !before.has(path) || !tree.has(path));
  if (seedAddedOrRemoved) return { fallback: `seed ${seedAddedOrRemoved} was added or removed` };
  const namedAsSeed = modelNamedAsSeed(base, tree, settings);
  if (namedAsSeed) return { fallback: `model '${namedAsSeed}' was added with a seed's name (a ref of it now reads the model)` };
  if (changes.projectFile) {
    const [earlier] = (await readFiles(snapshot, before, ['dbt_project.yml'])).values();
    if (earlier === undefined || projectSettingsChanged(earlier, projectText!)) return { fallback: 'dbt_project.yml changed (beyond vars)' };
  }
  const macros = await readFiles(snapshot, tree, [...tree.keys()].filter((path) => isMacroFile(path, settings)));
  const earlierMacros = await readFiles(snapshot, before, changes.macros);
  const changedMacros = changedMacroNames(
    changes.macros.map((path) => ({ before: earlierMacros.get(path), after: macros.get(path) })),
    [...macros].filter(([path]) => !changes.macros.includes(path)).map(([, text]) => text),
  );
  // Every model's schema and alias come from them (see compile's model-relation-names.ts), and every seed's.
  for (const naming of ['generate_schema_name', 'generate_alias_name']) {
    if (changedMacros.has(naming)) return { fallback: `the ${naming} macro changed` };
  }
  // A macro named as something templates know without it (is_incremental, ref, ...) replaces that wherever it is used.
  const globals = templateGlobalNames();
  const shadowing = [...changedMacros].find((name) => globals.has(name));
  if (shadowing) return { fallback: `macro '${shadowing}', which replaces the template's own '${shadowing}', changed` };
  const vars = { ...settings.vars, ...options.vars };
  const editedSeeds = changes.seeds;
  if (editedSeeds.length > 0 && !readSql) return { fallback: `seed ${editedSeeds[0]} changed` };
  const seedReaders = editedSeeds.length > 0 ? await readersOfSeeds(base, editedSeeds, readSql!) : undefined;
  const reusable = reusableModels({ base, tree, settings, vars, changedMacros, seedReaders });
  const texts = await readFiles(snapshot, tree, [...tree.keys()].filter((path) => !reusable.has(path) && !macros.has(path) && path !== 'dbt_project.yml'));
  for (const [path, text] of [...macros, ...project]) texts.set(path, text);
  return compileWithReuse(snapshot, base, reusable, texts, options);
}

function compileWithReuse(
  snapshot: CommitSnapshot, base: Manifest, reusable: ReadonlyMap<string, ManifestModel>, texts: Map<string, string>,
  options: CommitCompileOptions,
): CommitCompilation | IncrementalFallback {
  const files = snapshotFileSource(snapshot, texts);
  const diagnostics = new Diagnostics();
  const loaded = loadProject({ files, root: options.projectDir, vars: options.vars }, diagnostics);
  const project = loaded && renderProjectJinja(loaded, { target: options.target, env: options.env, runStartedAt: RECORD_RUN_STARTED_AT }, diagnostics);
  if (!project || diagnostics.hasErrors) return { fallback: 'the project has errors' };
  const result = recompileChanged(project, base, reusable, files, options);
  if ('fallback' in result) return result;
  return { mode: 'incremental', base: base.commit, reason: null, recorded: result.recorded, errors: [], rendered: result.rendered, reused: result.reused };
}
