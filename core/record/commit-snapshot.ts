import { blobText } from '../util/read-text.js';
import { projectSubdir } from '../git/project-subdir.js';
import { commitInfo } from '../git/commit-info.js';
import { findRepoRoot } from '../git/find-repo-root.js';
import { gitContext, type GitContext } from '../git/git-context.js';
import { GitError } from '../git/git-error.js';
import { mapConcurrent, readConcurrency } from '../git/map-concurrent.js';
import { readBlobBytes } from '../git/read-blob-bytes.js';
import { resolveCommit } from '../git/resolve-commit.js';
import { subtreeOf } from '../git/subtree-of.js';
import { changedTreeFiles, listTreeFiles, type ChangedFile, type SkippedTreeEntries } from '../git/list-tree-files.js';
import { sortedSkipped, type SkippedEntries } from '../util/file-source.js';

/** Project path (relative to the project folder, posix) -> git blob id. */
export type ProjectTree = Map<string, string>;

/**
 * A commit of the project, before any file content is read: the listing with blob ids is cheap, so a
 * recording can compare it with an ancestor's and read only the files that changed.
 */
export interface CommitSnapshot {
  /** The repository's working-tree root. */
  repoRoot: string;
  /** The project folder relative to the repository root (posix, '' for the root). */
  subdir: string;
  commit: string;
  /** Parent shas, first parent first. */
  parents: string[];
  /** The project's files at the commit (empty when the commit has no project folder). */
  tree: ProjectTree;
  /** What the listing of the commit's project folder left out (symbolic links, submodules, names not in UTF-8): `tree` lacks them. */
  skipped: SkippedEntries;
  /** The project's files at another commit of the same repository. */
  treeAt(commit: string): Promise<ProjectTree>;
  /** The project's files that differ between another commit and this one, by path (reads only differing folders). */
  changesSince(commit: string): Promise<Map<string, ChangedFile>>;
  /** First parent of a commit (null for a root commit). */
  firstParent(commit: string): Promise<string | null>;
  /** Blob contents as text, in the order of `oids`. */
  readTexts(oids: readonly string[]): Promise<string[]>;
  /** The isomorphic-git cache shared by every read of this snapshot. */
  readonly cache: object;
}

/** Resolves `ref` for the git repository holding `projectDir` and lists the project's files there. */
export async function openCommitSnapshot(projectDir: string, ref: string): Promise<CommitSnapshot> {
  const repoRoot = findRepoRoot(projectDir);
  if (!repoRoot) {
    throw new GitError('not-a-git-repository', `cannot record commit '${ref}': ${projectDir} is not inside a git repository`, {
      hint: 'run `git init` and commit the project first',
    });
  }
  const subdir = projectSubdir(repoRoot, projectDir);
  const cache = {};
  const ctx = gitContext(repoRoot, { cache });
  const commit = await resolveCommit(repoRoot, ref, { cache });
  const skipped: SkippedTreeEntries = { links: [], submodules: [], undecodable: [] };
  const [info, tree] = await Promise.all([commitInfo(repoRoot, commit, { cache }), listProject(ctx, commit, subdir, skipped)]);
  return {
    repoRoot, subdir, commit, parents: info.parents, tree, cache,
    skipped: sortedSkipped(skipped.links, skipped.submodules, skipped.undecodable),
    treeAt: (other) => listProject(ctx, other, subdir),
    changesSince: async (other) => {
      const [before, after] = await Promise.all([subtreeOf(ctx, other, subdir), subtreeOf(ctx, commit, subdir)]);
      return changedTreeFiles(ctx, before, after);
    },
    firstParent: async (other) => (await commitInfo(repoRoot, other, { cache })).parents[0] ?? null,
    readTexts: (oids) => mapConcurrent(oids, readConcurrency, async (oid) => blobText(await readBlobBytes(ctx, oid))),
  };
}

async function listProject(ctx: GitContext, commit: string, subdir: string, skipped?: SkippedTreeEntries): Promise<ProjectTree> {
  const tree = await subtreeOf(ctx, commit, subdir);
  return tree ? listTreeFiles(ctx, tree, skipped) : new Map();
}

