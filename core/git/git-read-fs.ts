import fs from 'node:fs';
import type { PromiseFsClient } from 'isomorphic-git';

/**
 * A promise `fs` for isomorphic-git that remembers what one read operation already asked: `stat`s and
 * folder listings are memoised, and a loose-object lookup (`objects/ab/cdef...`) for an object that is
 * not in its folder's listing fails at once instead of making the kernel (and Node) build an ENOENT error.
 * In a packed repository that lookup happens for every object read. Files are read synchronously: for
 * thousands of small object files that is several times faster than a trip through the thread pool each.
 * Meant for a short-lived operation: a listing taken now does not see objects written later.
 * Writes go straight to the disk.
 */
export function gitReadFs(): PromiseFsClient {
  const stats = new Map<string, Promise<fs.Stats>>();
  const lstats = new Map<string, Promise<fs.Stats>>();
  const listings = new Map<string, Promise<string[]>>();
  const looseNames = new Map<string, Promise<Set<string>>>();
  const readdir = (path: string) => memo(listings, path, () => fs.promises.readdir(path));
  return {
    promises: {
      ...fs.promises,
      async readFile(path: unknown, options?: unknown) {
        if (typeof path !== 'string') throw notFound;
        const loose = /^(.*[\\/]objects[\\/][0-9a-f]{2})[\\/]([0-9a-f]{38})$/.exec(path);
        if (loose) {
          const names = await memo(looseNames, loose[1], async () => new Set(await readdir(loose[1]).catch(() => [])));
          if (!names.has(loose[2])) throw notFound;
        }
        return fs.readFileSync(path, options as fs.ObjectEncodingOptions);
      },
      stat: (path: string) => memo(stats, path, () => fs.promises.stat(path)),
      lstat: (path: string) => memo(lstats, path, () => fs.promises.lstat(path)),
      readdir: async (path: string) => [...(await readdir(path))],
    },
  };
}

function memo<T>(map: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) {
    value = read();
    map.set(key, value);
  }
  return value;
}

/** One shared error: isomorphic-git only looks at its code, and building a fresh one per miss is the cost avoided. */
const notFound = Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
