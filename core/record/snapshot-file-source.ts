import type { FileSource } from '../util/file-source.js';
import type { CommitSnapshot } from './commit-snapshot.js';

/**
 * The project at a snapshot's commit as a FileSource, with the text of the files in `texts`. Files left
 * out of `texts` (model files whose earlier rendering is reused) read as empty text: the compiler is
 * never asked to render them. Listings, `exists` and blob ids cover every file of the commit.
 */
export function snapshotFileSource(snapshot: CommitSnapshot, texts: ReadonlyMap<string, string>): FileSource & { blobId(path: string): string | undefined } {
  const paths = [...snapshot.tree.keys()].sort();
  const folders = new Set(paths.flatMap((p) => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
  if (paths.length > 0) folders.add('');
  const clean = (path: string) => path.replace(/^\.\/+/, '').replace(/\/+$/, '');
  const where = snapshot.subdir === '' ? 'the repository root' : snapshot.subdir;
  const description = `${where} at commit ${snapshot.commit.slice(0, 12)}`;
  return {
    description,
    list(dir) {
      const folder = clean(dir);
      if (folder === '' || folder === '.') return [...paths];
      return folders.has(folder) ? paths.filter((p) => p.startsWith(folder + '/')) : [];
    },
    read(path) {
      const p = clean(path);
      const text = texts.get(p);
      if (text !== undefined) return text;
      if (snapshot.tree.has(p)) return '';
      const error = new Error(`ENOENT: no such file '${path}' in ${description}`) as NodeJS.ErrnoException;
      error.code = 'ENOENT';
      throw error;
    },
    exists(path) {
      const p = clean(path);
      return snapshot.tree.has(p) || folders.has(p === '.' ? '' : p);
    },
    blobId(path) {
      return snapshot.tree.get(clean(path));
    },
  };
}
