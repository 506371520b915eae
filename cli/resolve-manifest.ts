import { projectDirFrom } from './project-context.js';
import { COMPILER_REVISION } from '../core/compile/compiler-revision.js';
import { sideLabel } from '../core/diff/describe-change.js';
import { Diagnostics, formatWarning, type Diagnostic } from '../core/errors.js';
import { unknownRefError } from '../core/environments/other-target-ref-error.js';
import { findRepoRoot } from '../core/git/find-repo-root.js';
import { GitError } from '../core/git/git-error.js';
import { parseRevision } from '../core/git/parse-revision.js';
import { readRefDirect } from '../core/git/read-ref.js';
import type { Target } from '../core/project/project-types.js';
import { recordedCommitByPrefix } from '../core/state/recorded-commit-by-prefix.js';
import type { StateStore } from '../core/state/state-store.js';
import type { Manifest } from '../core/state/state-types.js';
import type { ParsedArgs } from './args.js';
import { carriedOptions, printDiagnostics, printJson, printWarning } from './output.js';
import { openStateSession, refuseVars } from './open-state.js';
import { withRenderProgress } from './render-progress.js';
import { withWorktreeStateNote } from './worktree-state-note.js';

/** Where manifests come from: the state database of the project's repository, and how to record a missing one. */
export interface ManifestSource {
  store: StateStore;
  /** The repository key in the state database. */
  repo: string;
  /** The git repository's working-tree root. */
  repoRoot: string;
  projectDir: string;
  target: Target;
  /** The git cache shared by every ref resolved from this source (packfile indexes are read once). */
  gitCache: object;
  /** Manifests read so far, by commit: resolving `HEAD~1` reads HEAD's (its parents), which `HEAD` reuses. */
  manifests: Map<string, Manifest>;
}

export type ResolvedManifest = (
  | {
    ref: string; environment: string | null; commit: string; manifest: Manifest; recorded: boolean; errors?: undefined;
    /** Why an older compiler's manifest was kept rather than recorded again (the clone lacks the commit, or it no longer compiles). */
    keptOlder?: string;
  }
  | { ref: string; environment: string | null; commit: string; manifest: null; recorded: false; errors: Diagnostic[] }
) & {
  /** A commit recorded now: what its project holds that the recording could not read (symbolic links, submodules, names not in UTF-8), as `state record` warns. */
  warnings?: Diagnostic[];
};

/**
 * Opens the state database for the project of `--project-dir` (or the nearest one upward; the working tree's
 * profile gives the target and the state settings). With `errors`, profiles.yml could not be read.
 */
export async function openManifestSource(args: ParsedArgs, command: string): Promise<{ source: ManifestSource | null; errors: Diagnostic[] }> {
  refuseVars(args, command);
  const root = projectDirFrom(args);
  const repoRoot = findRepoRoot(root);
  if (!repoRoot) {
    throw new GitError('not-a-git-repository', `${root} is not inside a git repository: diffs and plans compare commits`, {
      hint: 'run `git init` and commit the project first',
    });
  }
  const diagnostics = new Diagnostics();
  // The same folder as `root` (found or given); names the repository without loading isomorphic-git.
  const session = await openStateSession(args, diagnostics, { withProfile: true });
  if (!session) return { source: null, errors: diagnostics.sorted() };
  const { store, repo, profile } = session;
  const source = { store, repo, repoRoot, projectDir: root, target: profile!.target, gitCache: {}, manifests: new Map() };
  return { source, errors: [] };
}

/**
 * The manifest `ref` names: an environment of that name in the state database (its commit), else a git
 * commit, branch or tag. A commit nobody recorded yet is compiled and recorded now, and so is one an older
 * amp-dbt recorded (COMPILER_REVISION), whose models may differ from this one's only in how they render.
 *
 * A recorded commit is read straight from the state database: the project's files are listed and the
 * compiler loaded only to record a new commit. A full sha (an environment's commit) that is recorded is
 * not looked up in git at all, so an environment whose commit the clone lacks (a shallow CI checkout) still
 * resolves; nor is `HEAD`, `HEAD~2`, `HEAD^2` when the commits on the way are recorded. An abbreviated sha git
 * does not know is looked up among the recorded commits (history rewritten since, or a shallow clone).
 */
export async function resolveManifest(source: ManifestSource, ref: string): Promise<ResolvedManifest> {
  const environment = await source.store.getEnvironment(source.repo, ref);
  const target = environment ? environment.commit : ref;
  const side = { ref, environment: environment ? environment.name : null };
  try {
    const known = /^[0-9a-f]{40}$/.test(target) ? await recorded(source, target) : await recordedFromHead(source, target);
    if (known && !recordedByOlderCompiler(known)) return { ...side, commit: known.commit, manifest: known, recorded: false };
    const { resolveCommit } = await import('../core/git/resolve-commit.js');
    const commit = known?.commit ?? await resolveCommit(source.repoRoot, target, { cache: source.gitCache });
    const manifest = known ?? await recorded(source, commit);
    if (manifest && !recordedByOlderCompiler(manifest)) return { ...side, commit, manifest, recorded: false };
    // Not recorded, or recorded by an older amp-dbt that renders differently: recorded (again) now.
    const { recordCommit } = await import('../core/record/record-commit.js');
    const result = await recordOrKeep(() => withRenderProgress(`recording ${commit.slice(0, 12)}`, (onProgress) => recordCommit({ ...source, ref: commit, env: process.env, onProgress })), manifest);
    const { warnings } = result;
    if (result.manifest) {
      source.manifests.set(result.commit, result.manifest);
      return { ...side, commit: result.commit, manifest: result.manifest, recorded: result.inserted, keptOlder: result.keptOlder, warnings };
    }
    return { ...side, commit: result.commit, manifest: null, recorded: false, errors: result.errors, warnings };
  } catch (error) {
    if (error instanceof GitError && error.code === 'unknown-commit' && !environment) {
      const full = await recordedCommitByPrefix(source.store, source.repo, ref);
      if (full) return { ...await resolveManifest(source, full), ref };
      // In a linked worktree with a state database of its own, the environment may be the main worktree's.
      throw withWorktreeStateNote(await unknownRefError(source.store, source.repo, ref, error), source);
    }
    throw error;
  }
}

/** A manifest an older compiler recorded: its models may differ from what this one renders only in rendering. */
const recordedByOlderCompiler = (manifest: Manifest) => manifest.compilerRevision === null || manifest.compilerRevision < COMPILER_REVISION;

type Recording = { commit: string; manifest: Manifest | null; inserted: boolean; errors: Diagnostic[]; warnings?: Diagnostic[]; keptOlder?: string };

/**
 * Records a commit. When an older compiler's manifest of it exists, that manifest is kept if the commit cannot
 * be read (a shallow clone lacks it) or no longer compiles (this amp-dbt checks more): diff then warns that
 * the two sides' compilers differ.
 */
async function recordOrKeep(record: () => Promise<Recording>, stale: Manifest | null): Promise<Recording> {
  const kept = (keptOlder: string): Recording => ({ commit: stale!.commit, manifest: stale, inserted: false, errors: [], keptOlder });
  try {
    const result = await record();
    if (result.manifest || !stale) return result;
    const errors = result.errors.length;
    // The compile named is of the same project, profile and target as this diff (--project-dir, ...).
    const compile = `amp-dbt compile --commit ${stale.commit.slice(0, 12)}${carriedOptions()}`;
    return kept(`it no longer compiles: ${errors} ${errors === 1 ? 'error' : 'errors'}; ${compile} shows ${errors === 1 ? 'it' : 'them'}`);
  } catch (error) {
    if (stale && error instanceof GitError) return kept(`this clone cannot read the commit (${error.message.split('\n')[0]})`);
    throw error;
  }
}

/** The recorded manifest of a commit (read once per source), or null. */
async function recorded(source: ManifestSource, commit: string): Promise<Manifest | null> {
  const known = source.manifests.get(commit);
  if (known) return known;
  const manifest = await source.store.getManifest(source.repo, commit);
  if (manifest) source.manifests.set(commit, manifest);
  return manifest;
}

/**
 * `HEAD` with parent steps (`HEAD~1`, `HEAD^2`) when every commit on the way is recorded: the branch HEAD
 * names is read from the git folder, the parents from the manifests (which record them). Null for anything
 * else (another name, a commit not recorded): resolveCommit reads git then.
 */
async function recordedFromHead(source: ManifestSource, ref: string): Promise<Manifest | null> {
  const revision = parseRevision(ref.trim());
  // `@{u}` is the upstream's commit, not HEAD's: resolveCommit reads the branch config.
  const head = revision?.base === 'HEAD' && !revision.upstream ? readRefDirect(source.repoRoot, 'HEAD') ?? null : null;
  let manifest = head === null ? null : await recorded(source, head);
  for (const step of revision?.steps ?? []) {
    for (let i = 0; manifest && step.count > 0 && i < (step.kind === '~' ? step.count : 1); i++) {
      const parent = manifest.parents[step.kind === '~' ? 0 : step.count - 1];
      manifest = parent === undefined ? null : await recorded(source, parent);
    }
  }
  return manifest;
}

/** The recording warnings of the sides recorded now (each commit once), formatted (see ResolvedManifest.warnings). */
export function recordingWarnings(sides: ResolvedManifest[]): string[] {
  return sides
    .filter((side, i) => sides.findIndex((other) => other.commit === side.commit) === i)
    .flatMap((side) => (side.warnings ?? []).map(formatWarning));
}

/** Reports the sides whose project does not compile (so they have no manifest); the exit code, 1. */
export async function printUnresolved(sides: ResolvedManifest[], format: 'text' | 'json' | 'markdown' = 'text'): Promise<number> {
  // What the recording could not read may be why it does not compile (a model behind a symbolic link).
  for (const warning of recordingWarnings(sides)) printWarning(warning);
  const unresolved = sides.filter((side, i) => !side.manifest && sides.findIndex((other) => other.commit === side.commit) === i);
  if (format === 'json') {
    printJson({ unresolved: unresolved.map((side) => ({ ref: side.ref, commit: side.commit })), errors: unresolved.flatMap((side) => side.errors) });
  } else if (format === 'markdown') {
    // What a pull-request comment shows: the errors, not an empty body.
    const { renderUncompiledMarkdown } = await import('../core/diff/render-diff-markdown.js');
    process.stdout.write(renderUncompiledMarkdown(unresolved.map((side) => ({ ref: side.ref, commit: side.commit, errors: side.errors ?? [] }))));
  }
  // With --json the errors are in the JSON alone: no heading on stderr over errors it does not repeat.
  if (format === 'json') return 1;
  for (const side of sides) {
    if (side.manifest) continue;
    process.stderr.write(`the project at ${sideLabel(side.ref, side.commit)} does not compile, so it has no manifest:\n`);
    printDiagnostics(side.errors);
  }
  return 1;
}
