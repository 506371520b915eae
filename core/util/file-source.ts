import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { checkinBlobId } from '../git/checkin-blob-id.js';
import { lazyCheckinConversion } from '../git/checkin-conversion.js';
import { checkinText } from '../git/checkin-text.js';
import { diskBlobId } from '../git/disk-blob-id.js';
import { projectIndexVouching } from '../git/git-index.js';
import { FilePrefetch, PREFETCH_THRESHOLD } from './file-prefetch.js';
import { readText } from './read-text.js';

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
  /**
   * The file's text; throws a NodeJS-style ENOENT error when absent. In the working tree, the text `git add`
   * would store (checkinText): a CRLF checkout of LF blobs reads as LF, as its commit does.
   */
  read(path: string): string;
  exists(path: string): boolean;
  /**
   * The git blob id of the file's content (see diskBlobId), or undefined when absent. In the working tree, the
   * id git status reads: the index's for a file untouched since git hashed it (indexVouching), else the id of
   * what `git add` would store (checkinBlobId): a CRLF checkout of LF blobs has their ids.
   */
  blobId?(path: string): string | undefined;
  /**
   * The working tree only: the file's size, modification and change times and inode as one string, which
   * any write to the file changes, so an unchanged stamp stands for unchanged text without reading it (as
   * git's index does). Undefined when the file is absent or changed within the last second: another write
   * in the same tick of the file system's clock could keep the stamp (git's "racily clean" files).
   */
  stamp?(path: string): string | undefined;
  /** What `list` met and left out, each sorted (see SkippedEntries). */
  skipped?(): SkippedEntries;
  /**
   * A hint that `paths` are about to be read, in this order (the working tree only: they are read ahead on
   * another thread, file-prefetch.ts). A file's text may then be read at any time after this call: callers
   * take the stamps they keep before it. A later call replaces an earlier one.
   */
  prefetch?(paths: readonly string[]): void;
}

/** What a listing leaves out, and a reader should hear of (the working tree and a commit alike). */
export interface SkippedEntries {
  /** Symbolic links: a commit stores a link, not the file it points to, so following it would read other files than the commit has. */
  links: string[];
  /**
   * Submodules (in the working tree, folders holding `.git`: a submodule or another repository): a commit
   * stores a submodule as the id of another repository's commit, not its files.
   */
  repositories: string[];
  /** Files and folders whose names are not UTF-8 (shown with U+FFFD for the bytes that are not): such a name cannot be read back as listed. */
  names: string[];
}

/** The sorted lists of a source's sets of skipped paths. */
export function sortedSkipped(links: Iterable<string>, repositories: Iterable<string>, names: Iterable<string>): SkippedEntries {
  return { links: [...links].sort(), repositories: [...repositories].sort(), names: [...names].sort() };
}

/**
 * A relative path as in-memory sources key their files: without a leading `./` or trailing `/`. Paths come
 * clean nearly always (10,000 times per compile), so the regular expressions run only when needed.
 */
export function cleanRelativePath(path: string): string {
  return path.startsWith('./') || path.endsWith('/') ? path.replace(/^\.\/+/, '').replace(/\/+$/, '') : path;
}

/** A file changed this recently (ms) gets no stamp: file system clocks tick coarsely (a few ms), 1 s is ample. */
const RACY_MS = 1000;

const skippedFolders = new Set(['node_modules', '.git', '.amp-dbt', 'target', 'dbt_packages']);

/** `now`: the clock a stamp's age is judged by (tests move it ahead instead of waiting a second). */
export function diskFileSource(root: string, now: () => number = Date.now): FileSource {
  const absolute = absolutePath(root);
  const links = new Set<string>();
  const repositories = new Set<string>();
  const undecodable = new Set<string>();
  let ahead: FilePrefetch | null = null;
  // One end-of-line conversion (git config, attributes, index) for the blob ids and the texts.
  const conversion = lazyCheckinConversion(root);
  const committedId = checkinBlobId(root, conversion);
  const committedText = checkinText(root, conversion);
  let indexed: ((path: string) => string | undefined) | undefined;
  return {
    description: root,
    list(dir) {
      const out: string[] = [];
      const start = join(root, dir);
      const top = relative(root, start).split(sep).join('/');
      // Paths are built by appending names, not with path.relative per file (10,000 files); a folder outside
      // the root could lead back into it, so there each path is still worked out in full.
      const outside = top === '..' || top.startsWith('../') || isAbsolute(top);
      const walk = (abs: string, rel: string) => {
        let entries;
        try {
          entries = readdirSync(abs, { withFileTypes: true });
        } catch {
          return;
        }
        if (rel !== top && !outside && entries.some((entry) => entry.name === '.git')) {
          repositories.add(rel);
          return;
        }
        const prefix = rel === '' ? '' : `${rel}/`;
        const absPrefix = abs.endsWith(sep) ? abs : abs + sep;
        for (const entry of entries) {
          const name = entry.name;
          // Bytes that are not UTF-8 are read as U+FFFD, a name no file has: such files cannot be read back.
          if (name.includes('\ufffd') && !outside && !existsSync(absPrefix + name)) {
            undecodable.add(prefix + name);
            continue;
          }
          if (entry.isDirectory()) {
            if (!skippedFolders.has(name)) walk(absPrefix + name, prefix + name);
          } else if (entry.isFile()) {
            out.push(outside ? relative(root, join(abs, name)).split(sep).join('/') : prefix + name);
          } else if (entry.isSymbolicLink() && !outside) {
            links.add(prefix + name);
          }
        }
      };
      walk(start, top);
      return out.sort();
    },
    read(path) {
      const file = absolute(path);
      return committedText(path, ahead?.take(file) ?? readText(file));
    },
    prefetch(paths) {
      ahead?.stop();
      ahead = paths.length < PREFETCH_THRESHOLD ? null : new FilePrefetch(paths.map(absolute));
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
        // A file untouched since git's index hashed it has the index's id, as git status reads it (no read).
        indexed ??= projectIndexVouching(root);
        return indexed(path) ?? committedId(path, readFileSync(join(root, path)));
      } catch {
        return undefined;
      }
    },
    stamp(path) {
      const stats = statSync(absolute(path), { throwIfNoEntry: false });
      if (!stats || stats.ctimeMs > now() - RACY_MS) return undefined;
      return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
    },
    skipped() {
      return sortedSkipped(links, repositories, undecodable);
    },
  };
}

/** The absolute form of a listed path: `path.join(root, path)`, by concatenation when that gives the same text. */
function absolutePath(root: string): (path: string) => string {
  if (sep !== '/' || root === '' || normalize(root) !== root || root.endsWith('/')) return (path) => join(root, path);
  const base = `${root}/`;
  return (path) => (unusualPath.test(path) ? join(root, path) : base + path);
}

/** A path `path.join` would change: empty, absolute, with a trailing slash, `//`, or a `.` or `..` segment. */
const unusualPath = /^$|^\/|\/$|\/\/|(?:^|\/)\.\.?(?:\/|$)/;

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
