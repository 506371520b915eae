import { cleanRelativePath, type FileSource } from '../util/file-source.js';
import type { CommitSnapshot } from './commit-snapshot.js';

/**
 * The project at a snapshot's commit as a FileSource, with the text of the files in `texts`. Files left
 * out of `texts` (model files whose earlier rendering is reused) read as empty text: the compiler is
 * never asked to render them. Listings, `exists` and blob ids cover every file of the commit.
 */
export function snapshotFileSource(snapshot: CommitSnapshot, texts: ReadonlyMap<string, string>): FileSource & { blobId(path: string): string | undefined } {
  const paths = [...snapshot.tree.keys()].sort();
  const folders = folderSet(paths);
  const where = snapshot.subdir === '' ? 'the repository root' : snapshot.subdir;
  const description = `${where} at commit ${snapshot.commit.slice(0, 12)}`;
  return {
    description,
    list(dir) {
      const folder = cleanRelativePath(dir);
      if (folder === '' || folder === '.') return [...paths];
      return folders.has(folder) ? paths.filter((p) => p.startsWith(folder + '/')) : [];
    },
    read(path) {
      const p = cleanRelativePath(path);
      const text = texts.get(p);
      if (text !== undefined) return text;
      if (snapshot.tree.has(p)) return '';
      const error = new Error(`ENOENT: no such file '${path}' in ${description}`) as NodeJS.ErrnoException;
      error.code = 'ENOENT';
      throw error;
    },
    exists(path) {
      const p = cleanRelativePath(path);
      return snapshot.tree.has(p) || folders.has(p === '.' ? '' : p);
    },
    blobId(path) {
      return snapshot.tree.get(cleanRelativePath(path));
    },
  };
}

/** Every folder holding one of `paths` (and '' when there is any), each parent added once. */
function folderSet(paths: readonly string[]): Set<string> {
  const folders = new Set<string>();
  if (paths.length > 0) folders.add('');
  for (const path of paths) {
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const folder = path.slice(0, slash);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return folders;
}
