import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { diskBlobId } from '../git/disk-blob-id.js';

/**
 * Where a project's files come from: the working tree now, a git commit later.
 * Paths are relative to the project root with posix separators. Synchronous on purpose:
 * sources are read whole up front, and the compiler is CPU-bound.
 */
export interface FileSource {
  /** A human-readable description, e.g. the folder or `commit abc123`. */
  readonly description: string;
  /** Every file below `dir` (relative, posix), recursively, sorted. Missing folder: empty list. */
  list(dir: string): string[];
  /** The file's text; throws a NodeJS-style ENOENT error when absent. */
  read(path: string): string;
  exists(path: string): boolean;
  /** The git blob id of the file's content (see diskBlobId), or undefined when absent. */
  blobId?(path: string): string | undefined;
}

const skippedFolders = new Set(['node_modules', '.git', '.amp-dbt', 'target', 'dbt_packages']);

export function diskFileSource(root: string): FileSource {
  return {
    description: root,
    list(dir) {
      const out: string[] = [];
      const walk = (abs: string) => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch {
          return;
        }
        for (const entry of entries) {
          if (entry.isDirectory()) {
            if (!skippedFolders.has(entry.name)) walk(join(abs, entry.name));
          } else if (entry.isFile()) {
            out.push(relative(root, join(abs, entry.name)).split(sep).join('/'));
          }
        }
      };
      walk(join(root, dir));
      return out.sort();
    },
    read(path) {
      return readFileSync(join(root, path), 'utf8');
    },
    exists(path) {
      try {
        statSync(join(root, path));
        return true;
      } catch {
        return false;
      }
    },
    blobId(path) {
      try {
        return diskBlobId(readFileSync(join(root, path)));
      } catch {
        return undefined;
      }
    },
  };
}

/** An in-memory source, for tests and for files read out of git objects. */
export function memoryFileSource(files: Record<string, string>, description = 'memory'): FileSource {
  const paths = Object.keys(files).sort();
  return {
    description,
    list(dir) {
      const prefix = dir === '' || dir === '.' ? '' : dir.replace(/\/+$/, '') + '/';
      return paths.filter((p) => p.startsWith(prefix));
    },
    read(path) {
      const text = files[path];
      if (text === undefined) {
        const error = new Error(`ENOENT: no such file '${path}'`) as NodeJS.ErrnoException;
        error.code = 'ENOENT';
        throw error;
      }
      return text;
    },
    exists(path) {
      return path in files || paths.some((p) => p.startsWith(path.replace(/\/+$/, '') + '/'));
    },
    blobId(path) {
      const text = files[path];
      return text === undefined ? undefined : diskBlobId(text);
    },
  };
}
