import { projectDirFrom, readProfile } from './project-context.js';
import { Diagnostics, type Diagnostic } from '../core/errors.js';
import { findRepoRoot } from '../core/git/find-repo-root.js';
import { GitError } from '../core/git/git-error.js';
import { varsOption } from './vars-option.js';
import type { Target } from '../core/project/project-types.js';
import { recordCommit } from '../core/record/record-commit.js';
import type { StateStore } from '../core/state/state-store.js';
import type { Manifest } from '../core/state/state-types.js';
import { didYouMean } from '../core/util/did-you-mean.js';
import type { ParsedArgs } from './args.js';
import { printDiagnostics } from './output.js';
import { openStateForProject, repositoryKey } from './open-state.js';

/** Where manifests come from: the state database of the project's repository, and how to record a missing one. */
export interface ManifestSource {
  store: StateStore;
  /** The repository key in the state database. */
  repo: string;
  projectDir: string;
  target: Target;
  vars?: Record<string, unknown>;
}

export type ResolvedManifest =
  | { ref: string; environment: string | null; commit: string; manifest: Manifest; recorded: boolean; errors?: undefined }
  | { ref: string; environment: string | null; commit: string; manifest: null; recorded: false; errors: Diagnostic[] };

/**
 * Opens the state database for the project of `--project-dir` (or the nearest one upward; the working tree's
 * profile gives the target and the state settings). With `errors`, profiles.yml could not be read.
 */
export async function openManifestSource(args: ParsedArgs): Promise<{ source: ManifestSource | null; errors: Diagnostic[] }> {
  const root = projectDirFrom(args);
  const repoRoot = findRepoRoot(root);
  if (!repoRoot) {
    throw new GitError('not-a-git-repository', `${root} is not inside a git repository: diffs and plans compare commits`, {
      hint: 'run `git init` and commit the project first',
    });
  }
  const diagnostics = new Diagnostics();
  const profile = await readProfile(args, root, diagnostics);
  if (diagnostics.hasErrors) return { source: null, errors: diagnostics.sorted() };
  const store = await openStateForProject(root, profile);
  const source = { store, repo: await repositoryKey(repoRoot), projectDir: root, target: profile.target, vars: varsOption(args) };
  return { source, errors: [] };
}

/**
 * The manifest `ref` names: an environment of that name in the state database (its commit), else a git
 * commit, branch or tag. A commit nobody recorded yet is compiled and recorded now.
 */
export async function resolveManifest(source: ManifestSource, ref: string): Promise<ResolvedManifest> {
  const environment = await source.store.getEnvironment(source.repo, ref);
  const target = environment ? environment.commit : ref;
  try {
    const recorded = await recordCommit({ ...source, ref: target, env: process.env });
    const base = { ref, environment: environment ? environment.name : null, commit: recorded.commit };
    if (recorded.manifest) return { ...base, manifest: recorded.manifest, recorded: recorded.inserted };
    return { ...base, manifest: null, recorded: false, errors: recorded.errors };
  } catch (error) {
    if (error instanceof GitError && error.code === 'unknown-commit' && !environment) throw await unknownRef(source, ref, error);
    throw error;
  }
}

/** An unknown ref, with the environments named among the suggestions. */
async function unknownRef(source: ManifestSource, ref: string, error: GitError): Promise<GitError> {
  const environments = (await source.store.listEnvironments(source.repo)).map((e) => e.name);
  if (environments.length === 0) return error;
  const hint = didYouMean(ref, environments) || `environments: ${environments.map((n) => `'${n}'`).join(', ')}; ${error.hint ?? ''}`;
  return new GitError('unknown-commit', `no environment named '${ref}', and ${error.message}`, { hint });
}

/** Reports the sides whose project does not compile (so they have no manifest); the exit code, 1. */
export function printUnresolved(sides: ResolvedManifest[]): number {
  for (const side of sides) {
    if (side.manifest) continue;
    process.stderr.write(`the project at ${side.ref} (${side.commit.slice(0, 12)}) does not compile, so it has no manifest:\n`);
    printDiagnostics(side.errors);
  }
  return 1;
}
