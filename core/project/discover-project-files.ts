import type { Diagnostics } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { FileSource, SkippedEntries } from '../util/file-source.js';
import { macroFile } from './generic-test-blocks.js';
import type { MacroFile, ModelFile, TestFile } from './project-types.js';
import type { PathSetting, ProjectSettings } from './read-project-settings.js';

/** The files of a project, found under its configured folders. */
export interface DiscoveredFiles {
  /** Sorted by path; unique by name (the first file of each name). */
  models: ModelFile[];
  /** Later files of a name an earlier file has: compiling decides which one is the model (the enabled one). */
  duplicateModels: ModelFile[];
  /** Sorted by path; includes generic tests (`<test-path>/generic/**`), which dbt treats as macros. */
  macros: MacroFile[];
  tests: TestFile[];
  /** `.yml`/`.yaml` files under model, seed, macro and test paths. */
  propertyFiles: string[];
  /** Seed files (`.csv`, `.parquet`) under the seed paths: the steps below their seed path, ending with the name without extension. */
  seeds: string[][];
  /** `.md` files under the docs paths: where docs blocks are (docs-blocks.ts). */
  docsFiles: string[];
}

export function discoverProjectFiles(files: FileSource, settings: ProjectSettings, diagnostics: Diagnostics): DiscoveredFiles {
  checkPathsExist(files, settings.modelPaths, 'model-paths', diagnostics);
  checkPathsExist(files, settings.macroPaths, 'macro-paths', diagnostics);
  const out: DiscoveredFiles = {
    models: [], duplicateModels: [], macros: [], tests: [], propertyFiles: [], seeds: [], docsFiles: [],
  };
  const models: ModelFile[] = [];
  for (const { modelPath, path } of listUnder(files, settings.modelPaths.paths)) {
    const relative = modelPath ? path.slice(modelPath.length + 1) : path;
    const folders = relative.split('/');
    const fileName = folders.pop() ?? '';
    if (fileName.endsWith('.sql')) models.push(modelFile(files, { name: fileName.slice(0, -4), path, folders, modelPath }));
    else if (isPropertyFile(path)) out.propertyFiles.push(path);
    else if (fileName.endsWith('.md') && settings.docsPaths.includes(modelPath)) out.docsFiles.push(path);
    else if (fileName.endsWith('.py')) {
      diagnostics.warn('not-supported', `Python models are not supported: ${path} is ignored`, { file: path, line: 1, column: 1 }, 'write the model in SQL');
    }
  }
  separateDuplicates(models.sort(byPath), out);
  for (const { modelPath: seedPath, path } of listUnder(files, settings.seedPaths.paths)) {
    if (isPropertyFile(path)) out.propertyFiles.push(path);
    else if (/\.(csv|parquet)$/i.test(path)) out.seeds.push((seedPath ? path.slice(seedPath.length + 1) : path).replace(/\.[^./]+$/, '').split('/'));
  }
  for (const { path } of listUnder(files, settings.macroPaths.paths)) {
    if (path.endsWith('.sql')) out.macros.push(macroFile(path, files.read(path)));
    // Where dbt projects describe their macros (`macros:` entries), read as property files are.
    else if (isPropertyFile(path)) out.propertyFiles.push(path);
  }
  for (const { modelPath, path } of listUnder(files, settings.testPaths.paths)) {
    // Where dbt projects describe their singular tests (`data_tests:` entries), read as property files are.
    if (isPropertyFile(path)) out.propertyFiles.push(path);
    if (!path.endsWith('.sql')) continue;
    if (path.startsWith(modelPath ? `${modelPath}/generic/` : 'generic/')) out.macros.push(macroFile(path, files.read(path)));
    else out.tests.push({ name: path.slice(path.lastIndexOf('/') + 1, -4), path, content: files.read(path) });
  }
  // Docs blocks: under docs-paths (by default every resource path; the model paths were listed above).
  const docsRoots = settings.docsPaths.filter((root) => !settings.modelPaths.paths.includes(root));
  for (const { path } of listUnder(files, docsRoots)) if (path.endsWith('.md')) out.docsFiles.push(path);
  out.docsFiles = [...new Set(out.docsFiles)].sort();
  out.macros.sort(byPath);
  out.propertyFiles = [...new Set(out.propertyFiles)].sort();
  warnSkipped(files.skipped?.() ?? { links: [], repositories: [], names: [] }, diagnostics);
  return out;
}

/** Warnings for what a listing of the project left out (symbolic links, submodules, names not in UTF-8), by path. */
export function warnSkipped(skipped: SkippedEntries, diagnostics: Diagnostics): void {
  for (const link of skipped.links) {
    diagnostics.warn('not-supported', 'a symbolic link: not read', { file: link, line: 1, column: 1 },
      'a git commit stores the link, not what it points to, so amp-dbt reads the working tree as its commit would: copy the file or folder instead');
  }
  for (const name of skipped.names) {
    diagnostics.warn('not-supported', 'a file or folder whose name is not UTF-8: not read', { file: name, line: 1, column: 1 },
      'rename it with UTF-8 characters (amp-dbt reads names as UTF-8, as model names and paths in SQL and git are)');
  }
  for (const folder of skipped.repositories) {
    diagnostics.warn('not-supported', 'a git submodule (or another repository): not read', { file: folder, line: 1, column: 1 },
      "a git commit stores a submodule as another repository's commit, not its files, so amp-dbt reads the working tree as its commit would: copy the files into the project instead");
  }
}

/**
 * A model file of `files`. With stamps (the working tree), its text is read when first asked for, and its stamp
 * taken only when asked for before that: a partial compile asks every file's stamp first and reuses files whose
 * stamp is unchanged without reading them; other commands neither stat nor read a file twice.
 */
function modelFile(files: FileSource, where: Omit<ModelFile, 'content' | 'stamp'>): ModelFile {
  if (!files.stamp) return { ...where, content: files.read(where.path) };
  return new LazyModelFile(where.name, where.path, where.folders, where.modelPath, files);
}

class LazyModelFile implements ModelFile {
  private text: string | undefined;
  private stamped = false;
  private stampTaken: string | undefined;

  constructor(
    readonly name: string, readonly path: string, readonly folders: string[], readonly modelPath: string, private readonly files: FileSource,
  ) {}

  get content(): string {
    return this.text ??= this.files.read(this.path);
  }

  /** Taken once; none once the text was read first (a stamp taken after the read could be of a later write). */
  get stamp(): string | undefined {
    if (!this.stamped) {
      this.stamped = true;
      this.stampTaken = this.text === undefined ? this.files.stamp!(this.path) : undefined;
    }
    return this.stampTaken;
  }
}

function isPropertyFile(path: string): boolean {
  return path.endsWith('.yml') || path.endsWith('.yaml');
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** Each file once, even when configured folders overlap, with the folder it was found under. */
function listUnder(files: FileSource, roots: string[]): { modelPath: string; path: string }[] {
  const seen = new Set<string>();
  const out: { modelPath: string; path: string }[] = [];
  for (const root of roots) {
    for (const path of files.list(root)) {
      if (!seen.has(path)) out.push({ modelPath: root, path });
      seen.add(path);
    }
  }
  return out;
}


/**
 * The first file of each name is the project's model; later ones are kept aside. Two files of one name
 * are an error only when both are enabled (as in dbt): compiling tells (renderModels).
 */
function separateDuplicates(models: ModelFile[], out: DiscoveredFiles): void {
  const names = new Set<string>();
  for (const model of models) {
    if (!names.has(model.name)) {
      names.add(model.name);
      out.models.push(model);
      continue;
    }
    out.duplicateModels.push(model);
  }
}

/**
 * A folder written in dbt_project.yml that is not there: `missing-file` at the setting when a folder of a
 * near name exists (a typo), else a warning, as in dbt: git keeps no empty folder, so a clone of a project
 * whose `macros/` is empty has none.
 */
function checkPathsExist(files: FileSource, setting: PathSetting, key: string, diagnostics: Diagnostics): void {
  if (!setting.location) return;
  for (const path of setting.paths) {
    if (path === '' || files.exists(path)) continue;
    const suggestion = didYouMean(path, topFolders(files));
    const message = `folder '${path}' listed in '${key}' does not exist`;
    const location = setting.written?.get(path) ?? setting.location;
    if (suggestion) diagnostics.error('missing-file', message, location, suggestion);
    else diagnostics.warn('missing-file', message, location, `create the folder '${path}' or change '${key}' in dbt_project.yml`);
  }
}

function topFolders(files: FileSource): Set<string> {
  const out = new Set<string>();
  for (const path of files.list('')) if (path.includes('/')) out.add(path.slice(0, path.indexOf('/')));
  return out;
}
