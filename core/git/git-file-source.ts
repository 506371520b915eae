import { blobText } from '../util/read-text.js';
import { cleanRelativePath, sortedSkipped, type FileSource } from '../util/file-source.js';
import { gitContext, type GitOptions } from './git-context.js';
import { listTreeFiles, type SkippedTreeEntries } from './list-tree-files.js';
import { mapConcurrent, readConcurrency } from './map-concurrent.js';
import { readBlobBytes } from './read-blob-bytes.js';
import { subtreeOf } from './subtree-of.js';

/** A project read out of a commit: the FileSource API plus the recorded blob id of each file. */
export interface GitFileSource extends FileSource {
  /** The git blob id recorded at the commit, or undefined when the commit has no such file. */
  blobId(path: string): string | undefined;
  /** The full sha the files were read from. */
  readonly commit: string;
}

/**
 * Reads every file below `projectSubdir` (posix, relative to the repository root; '' for the root) at
 * `commitSha` into memory, without a checkout, then serves them synchronously with paths relative to
 * the project folder. A commit without that folder gives an empty source (the loader reports the
 * missing dbt_project.yml). Skips `.amp-dbt/`, `node_modules/` and the other folders a disk source skips.
 */
export async function gitFileSource(repoDir: string, commitSha: string, projectSubdir: string, options: GitOptions = {}): Promise<GitFileSource> {
  const ctx = gitContext(repoDir, options);
  const subdir = projectSubdir.split('/').filter((part) => part !== '' && part !== '.').join('/');
  const tree = await subtreeOf(ctx, commitSha, subdir);
  const skipped: SkippedTreeEntries = { links: [], submodules: [], undecodable: [] };
  const files = [...(tree ? await listTreeFiles(ctx, tree, skipped) : [])];
  const blobs = await mapConcurrent(files, readConcurrency, ([, oid]) => readBlobBytes(ctx, oid));
  const entries = new Map(files.map(([path, oid], i) => [path, { oid, text: blobText(blobs[i]) }]));
  const where = subdir === '' ? 'the repository root' : subdir;
  return inMemorySource(entries, `${where} at commit ${commitSha.slice(0, 12)}`, commitSha, tree !== null, skipped);
}

function inMemorySource(
  entries: Map<string, { oid: string; text: string }>, description: string, commit: string, rootExists: boolean, skipped: SkippedTreeEntries,
): GitFileSource {
  const paths = [...entries.keys()].sort();
  // The links and submodules below the folders listed, as a working-tree source reports those it meets.
  const links = new Set<string>();
  const repositories = new Set<string>();
  const undecodable = new Set<string>();
  const meet = (folder: string) => {
    const under = (path: string) => folder === '' || folder === '.' || path.startsWith(folder + '/');
    for (const link of skipped.links) if (under(link)) links.add(link);
    for (const submodule of skipped.submodules) if (under(submodule)) repositories.add(submodule);
    for (const name of skipped.undecodable) if (under(name)) undecodable.add(name);
  };
  const folders = new Set(paths.flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  if (rootExists) folders.add('');
  return {
    description,
    commit,
    list(dir) {
      const folder = cleanRelativePath(dir);
      meet(folder);
      if (folder === '' || folder === '.') return [...paths];
      return folders.has(folder) ? paths.filter((p) => p.startsWith(folder + '/')) : [];
    },
    read(path) {
      const entry = entries.get(cleanRelativePath(path));
      if (entry) return entry.text;
      const error = new Error(`ENOENT: no such file '${path}' in ${description}`) as NodeJS.ErrnoException;
      error.code = 'ENOENT';
      throw error;
    },
    exists(path) {
      const p = cleanRelativePath(path);
      return entries.has(p) || folders.has(p === '.' ? '' : p);
    },
    blobId(path) {
      return entries.get(cleanRelativePath(path))?.oid;
    },
    skipped() {
      return sortedSkipped(links, repositories, undecodable);
    },
  };
}
