import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { findRepoRoot } from './find-repo-root.js';
import { realPath } from './real-path.js';
import { objectFormat } from './git-config.js';
import { gitDirs } from './git-dirs.js';

/** What git's index keeps of a file: its blob id and the file's stat data when it was last hashed. */
export interface IndexEntry {
  oid: string;
  /** Times in ms (seconds and nanoseconds as Node's fs.Stats reckons them). */
  ctimeMs: number;
  mtimeMs: number;
  ino: number;
  /** The file's size, modulo 2^32. */
  size: number;
}

/** The index's entries at stage 0 by path (repository-relative, posix), and when the index was written (ms). */
export interface GitIndex {
  entries: Map<string, IndexEntry>;
  writtenMs: number;
}

/**
 * Reads `<gitDir>/index` (versions 2, 3 and 4; `oidBytes` 20 for sha1, 32 for sha256). Entries in conflict
 * (stages 1 to 3) and `git add -N` placeholders are left out. Null when there is no index or it cannot be read.
 */
export function readGitIndex(gitDir: string, oidBytes = 20): GitIndex | null {
  const file = join(gitDir, 'index');
  let bytes: Buffer;
  let writtenMs: number;
  try {
    writtenMs = statSync(file).mtimeMs;
    bytes = readFileSync(file);
  } catch {
    return null;
  }
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') return null;
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) return null;
  const count = bytes.readUInt32BE(8);
  const entries = new Map<string, IndexEntry>();
  let at = 12;
  let previous = '';
  try {
    for (let n = 0; n < count; n++) {
      const start = at;
      const ms = (offset: number) => bytes.readUInt32BE(at + offset) * 1e3 + bytes.readUInt32BE(at + offset + 4) / 1e6;
      const entry: IndexEntry = {
        ctimeMs: ms(0), mtimeMs: ms(8), ino: bytes.readUInt32BE(at + 20), size: bytes.readUInt32BE(at + 36),
        oid: bytes.toString('hex', at + 40, at + 40 + oidBytes),
      };
      at += 40 + oidBytes;
      const flags = bytes.readUInt16BE(at);
      at += 2;
      let intentToAdd = false;
      if (version >= 3 && flags & 0x4000) {
        intentToAdd = (bytes.readUInt16BE(at) & 0x2000) !== 0;
        at += 2;
      }
      let path: string;
      if (version === 4) {
        // The path is the previous one with some bytes stripped from its end and a suffix appended.
        let c = bytes[at++];
        let strip = c & 127;
        while (c & 128) {
          c = bytes[at++];
          strip = ((strip + 1) << 7) | (c & 127);
        }
        const end = bytes.indexOf(0, at);
        const kept = Buffer.from(previous, 'utf8');
        path = Buffer.concat([kept.subarray(0, kept.length - strip), bytes.subarray(at, end)]).toString('utf8');
        at = end + 1;
      } else {
        const end = bytes.indexOf(0, at);
        path = bytes.toString('utf8', at, end);
        // Entries are padded with 1 to 8 NULs to a multiple of 8 bytes.
        at = start + ((end - start + 8) & ~7);
      }
      previous = path;
      if (((flags >> 12) & 3) === 0 && !intentToAdd) entries.set(path, entry);
    }
  } catch {
    return null;
  }
  return { entries, writtenMs };
}

/**
 * Times within a microsecond are the same time: a time in ms as a double keeps about a quarter of a microsecond
 * (git itself compares whole seconds unless built with USE_NSEC).
 */
const SAME_TIME_MS = 0.001;

/**
 * The blob id the index vouches for the working-tree file at `absolutePath` (index path `path`): its entry's,
 * when the file's size, times and inode are those the index kept and the file was not changed in the same tick
 * the index was written ("racily clean", which git hashes again); undefined when it must be hashed.
 */
export function indexedBlobId(index: GitIndex, path: string, absolutePath: string): string | undefined {
  const entry = index.entries.get(path);
  if (!entry || entry.mtimeMs >= index.writtenMs - SAME_TIME_MS) return undefined;
  const stats = statSync(absolutePath, { throwIfNoEntry: false });
  if (!stats || !stats.isFile()) return undefined;
  const same = stats.size % 4294967296 === entry.size && stats.ino % 4294967296 === entry.ino
    && Math.abs(stats.mtimeMs - entry.mtimeMs) < SAME_TIME_MS && Math.abs(stats.ctimeMs - entry.ctimeMs) < SAME_TIME_MS;
  return same ? entry.oid : undefined;
}

/**
 * For the project folder `subdir` (posix, '' for the root) of the repository at `repoRoot`: the blob id the
 * index vouches for a project file (see indexedBlobId), so that comparing a working tree with a commit hashes
 * only the files touched since git last looked at them, as `git status` does. Never vouches without an index.
 */
export function indexVouching(repoRoot: string, subdir: string): (path: string) => string | undefined {
  const dirs = gitDirs(repoRoot);
  const index = dirs ? readGitIndex(dirs.gitDir, objectFormat(dirs.commonDir) === 'sha256' ? 32 : 20) : null;
  if (!index) return () => undefined;
  const prefix = subdir === '' ? '' : `${subdir}/`;
  return (path) => indexedBlobId(index, prefix + path, join(repoRoot, prefix + path));
}

/** indexVouching for the project folder `projectDir`, wherever its repository is; never vouches outside git. */
export function projectIndexVouching(projectDir: string): (path: string) => string | undefined {
  const repoRoot = findRepoRoot(projectDir);
  if (!repoRoot) return () => undefined;
  const subdir = relative(realPath(repoRoot), realPath(projectDir)).split(sep).join('/');
  return subdir.startsWith('..') ? () => undefined : indexVouching(repoRoot, subdir);
}
