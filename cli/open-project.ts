import { projectDirFrom, readProfile } from './project-context.js';
import { compileProject, seedReaders, type CompileOptions, type CompileResult } from '../core/compile/compile-project.js';
import { Diagnostics, formatWarning } from '../core/errors.js';
import { warnAboutUnknownTests } from '../core/test/unknown-tests.js';
import { selectModels } from '../core/graph/select.js';
import { selectableSources } from '../core/graph/source-tables.js';
import { loadProject } from '../core/project/load-project.js';
import { renderProjectJinja } from '../core/compile/render-project-jinja.js';
import { varsOption } from './vars-option.js';
import { partialCompile } from './partial-compile.js';
import type { Profile, Project } from '../core/project/project-types.js';
import { diskFileSource, type FileSource } from '../core/util/file-source.js';
import { list, str, type ParsedArgs } from './args.js';
import { printTemplateLog } from './template-log.js';
import { RenderProgress } from './render-progress.js';

export interface OpenedProject {
  project: Project | null;
  profile: Profile | null;
  diagnostics: Diagnostics;
  /** With --commit: the full sha the project was read from (else the working tree was read). */
  commit?: string;
}

/** The project folder (see projectDirFrom); with --commit the working tree may no longer hold the project. */
export function projectDir(args: ParsedArgs): string {
  return projectDirFrom(args, str(args, 'commit') !== undefined);
}

/** Where the project's files come from: the working tree, or with --commit that commit of its git repository. */
async function projectFiles(root: string, ref: string | undefined): Promise<{ files: FileSource; commit?: string }> {
  if (ref === undefined) return { files: diskFileSource(root) };
  // Loaded only with --commit: isomorphic-git is not needed to read the working tree.
  const { projectAtCommit } = await import('../core/git/project-at-commit.js');
  const { files, commit } = await projectAtCommit(root, ref);
  return { files, commit };
}

/**
 * Loads dbt_project.yml, models, property files and the profile, collecting every error. With --commit the
 * project's files come from that commit (no checkout); profiles.yml is still read from the disk, as
 * profiles are local settings. `project.root` stays the working folder, where output is written.
 * `options.commit` (a sha, branch or tag) overrides --commit.
 */
export async function openProject(args: ParsedArgs, options: { commit?: string } = {}): Promise<OpenedProject> {
  const diagnostics = new Diagnostics();
  const root = projectDir(args);
  const vars = varsOption(args);
  const { files, commit } = await projectFiles(root, options.commit ?? str(args, 'commit'));
  const project = loadProject({ files, root, vars }, diagnostics);
  if (!project) return { project, profile: null, diagnostics, commit };
  const profile = await readProfile(args, root, diagnostics, { profileName: project.profile });
  // Sources' schemas and identifiers ("{{ target.schema }}_raw") and test configs written in Jinja need the target.
  const rendered = profile ? renderProjectJinja(project, { target: profile.target, env: process.env }, diagnostics) : project;
  return { project: rendered, profile, diagnostics, commit };
}

export interface CompiledProject extends OpenedProject {
  result: CompileResult | null;
  /** Model names chosen by --select / --exclude, in topological order. */
  selected: string[];
  /** Source tables (`source.table`) chosen by --select / --exclude, sorted (see Selection.sources). */
  selectedSources: string[];
  warnings: string[];
  /** What the project was compiled with (null when it could not be opened): to render more the same way. */
  compileOptions: CompileOptions | null;
  /**
   * Saves the partial-compile cache, once: openAndCompile did unless asked to defer it. `written`: hashes of
   * the compiled files compile made or checked, by model path.
   */
  saveCache: (written?: ReadonlyMap<string, string>) => void;
  /** The hash of a model's compiled file as the compile that wrote the partial-compile cache made it (PartialCompile.writtenHash). */
  writtenHash: (path: string) => string | undefined;
}

/**
 * Opens and compiles the project, then applies --select and --exclude. With `deferCacheSave` the
 * partial-compile cache is saved when the caller calls `saveCache` (compile does it while its files are
 * being written). `selectsSources`: the command acts on the selected source tables too (SelectOptions).
 */
export async function openAndCompile(
  args: ParsedArgs, options: { useFastPath?: boolean; commit?: string; deferCacheSave?: boolean; selectsSources?: boolean } = {},
): Promise<CompiledProject> {
  const opened = await openProject(args, { commit: options.commit });
  if (!opened.project || !opened.profile) {
    return { ...opened, result: null, selected: [], selectedSources: [], warnings: [], compileOptions: null, saveCache: () => undefined, writtenHash: () => undefined };
  }
  const useFastPath = options.useFastPath ?? process.env.AMP_DBT_NO_FAST_PATH !== '1';
  // The working tree's edit-compile loop renders only what changed (a commit is read from git objects).
  const partial = opened.commit === undefined && useFastPath ? partialCompile(opened.project, opened.profile.target, process.env) : null;
  const compileOptions: CompileOptions = { target: opened.profile.target, env: process.env, useFastPath, reuse: partial?.reuse, seedBlobId: partial?.seedBlobId, onLog: printTemplateLog };
  const progress = new RenderProgress();
  const result = compileProject(opened.project, { ...compileOptions, onProgress: progress.onProgress }, opened.diagnostics);
  progress.close();
  let saved = !partial || opened.diagnostics.hasErrors;
  const saveCache = (written?: ReadonlyMap<string, string>) => {
    if (saved) return;
    saved = true;
    // A reused model would not show its render-time warnings (mixed syntax) again: those files stay out.
    partial!.save(result, new Set(opened.diagnostics.warnings.map((warning) => warning.file)), written);
  };
  if (!options.deferCacheSave) saveCache();
  warnAboutUnknownTests(opened.project, opened.diagnostics, result);
  const [select, exclude] = [list(args, 'select'), list(args, 'exclude')];
  const readers = select?.length || exclude?.length ? seedReaders(result) : undefined;
  const selection = selectModels(result.graph, {
    select, exclude, notInGraph: readers && notInGraph(result, readers.keys(), opened.diagnostics),
    sources: selectableSources(result.sources), selectsSources: options.selectsSources, seedReaders: readers,
  });
  return {
    ...opened,
    result,
    selected: selection.selected,
    selectedSources: selection.sources,
    warnings: [...opened.diagnostics.warnings.map(formatWarning), ...selection.warnings],
    compileOptions,
    saveCache,
    writtenHash: (path) => partial?.writtenHash(path),
  };
}

/** Model files that did not compile (their errors are reported) and seeds: names a selector may give that are not models of the graph. */
function notInGraph(result: CompileResult, seeds: Iterable<string>, diagnostics: Diagnostics): Map<string, 'failed' | 'seed'> {
  const out = new Map<string, 'failed' | 'seed'>();
  for (const name of seeds) out.set(name, 'seed');
  if (diagnostics.hasErrors) for (const model of result.project.models) if (!result.byName.has(model.name)) out.set(model.name, 'failed');
  return out;
}
