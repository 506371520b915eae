import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { hashText } from '../util/hash-text.js';
import { commonGitDir, type GitContext } from './git-context.js';
import { gitDirs } from './git-dirs.js';
import { GitError } from './git-error.js';

export type GitObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: GitObjectType;
  content: Buffer;
}

/**
 * Reads git objects straight from a repository's object folder and the folders its alternates name
 * (`git clone --shared` / `--reference`: isomorphic-git does not read them): packfiles through their index (only the
 * bytes of the objects asked for are read, deltas applied here) and loose objects, both inflated by Node's
 * zlib. isomorphic-git reads a whole packfile into memory on its first packed object; this reads a
 * 10,000-file tree of a freshly cloned repository several times faster and holds only the index.
 * `read` returns null for an object it does not find (callers then ask isomorphic-git, which reports
 * errors its own way).
 */
export class GitObjects {
  private packs: PackFile[] | null = null;
  /** Objects delta chains start from, by pack and offset (a tree edited often is a chain of deltas). */
  private readonly bases = new Map<string, { type: GitObjectType; content: Buffer }>();
  private basesBytes = 0;

  private constructor(private readonly objectsDirs: string[]) {}

  /** The object folders of a repository (or linked worktree); null without a git folder. */
  static open(repoDir: string): GitObjects | null {
    const dirs = gitDirs(repoDir);
    return dirs ? GitObjects.inGitDir(dirs.commonDir) : null;
  }

  /** The object folder of git folder `commonDir` (see gitDirs) and its alternates; null without one. */
  static inGitDir(commonDir: string): GitObjects | null {
    const objectsDir = join(commonDir, 'objects');
    try {
      if (!statSync(objectsDir).isDirectory()) return null;
    } catch {
      return null;
    }
    return new GitObjects(withAlternates(objectsDir));
  }

  read(oid: string): GitObject | null {
    for (const pack of this.packList()) {
      const offset = pack.index.offsetOf(oid);
      if (offset !== null) return this.readPacked(pack, offset, oid);
    }
    return this.readLoose(oid);
  }

  has(oid: string): boolean {
    return this.packList().some((pack) => pack.index.offsetOf(oid) !== null) || this.objectsDirs.some((dir) => existsSync(loosePath(dir, oid)));
  }

  /** The ids of the objects whose id starts with `prefix` (lowercase hex, at least 2 digits), sorted, each once. */
  expand(prefix: string): string[] {
    const found = new Set<string>();
    for (const pack of this.packList()) for (const oid of pack.index.startingWith(prefix)) found.add(oid);
    for (const dir of this.objectsDirs) {
      let names: string[] = [];
      try {
        names = readdirSync(join(dir, prefix.slice(0, 2)));
      } catch {
        continue;
      }
      for (const name of names) if (name.length === 38 && (prefix.slice(0, 2) + name).startsWith(prefix)) found.add(prefix.slice(0, 2) + name);
    }
    return [...found].sort();
  }

  private packList(): PackFile[] {
    if (this.packs) return this.packs;
    this.packs = [];
    for (const objectsDir of this.objectsDirs) {
      const dir = join(objectsDir, 'pack');
      let names: string[] = [];
      try {
        names = readdirSync(dir).filter((name) => name.endsWith('.idx')).sort();
      } catch {
        // no pack folder: loose objects only
      }
      this.packs.push(...names.map((name) => packFile(join(dir, name.slice(0, -4)))));
    }
    return this.packs;
  }

  private readLoose(oid: string): GitObject | null {
    for (const dir of this.objectsDirs) {
      let deflated: Buffer;
      try {
        deflated = readFileSync(loosePath(dir, oid));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw error;
      }
      return unwrapLoose(inflateSync(deflated), oid);
    }
    return null;
  }

  private readPacked(pack: PackFile, offset: number, oid: string): GitObject {
    const entry = packEntry(pack, offset, oid);
    if (entry.kind === 'whole') return { type: entry.type, content: entry.content };
    const key = `${pack.path}:${entry.baseOffset ?? entry.baseOid}`;
    let base = this.bases.get(key);
    if (!base) {
      if (entry.baseOffset !== undefined) {
        base = this.readPacked(pack, entry.baseOffset, oid);
      } else {
        const found = this.read(entry.baseOid!);
        if (!found) throw corrupt(oid, `its delta base ${entry.baseOid} is missing`);
        base = found;
      }
      this.keepBase(key, base);
    }
    return { type: base.type, content: applyDelta(base.content, entry.content, oid) };
  }

  private keepBase(key: string, base: { type: GitObjectType; content: Buffer }): void {
    this.bases.set(key, base);
    this.basesBytes += base.content.length;
    for (const [oldest, kept] of this.bases) {
      if (this.basesBytes <= 32 * 1024 * 1024 && this.bases.size <= 1024) break;
      this.bases.delete(oldest);
      this.basesBytes -= kept.content.length;
    }
  }
}

const loosePath = (objectsDir: string, oid: string) => join(objectsDir, oid.slice(0, 2), oid.slice(2));

/**
 * `objectsDir` and the object folders its `info/alternates` names (one a line, absolute or relative to
 * `objectsDir`; `#` comments), theirs in turn, as git reads them: at most 5 deep, each folder once.
 */
function withAlternates(objectsDir: string): string[] {
  const dirs = [objectsDir];
  const seen = new Set(dirs);
  let level = dirs;
  for (let depth = 0; depth < 5 && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      let text = '';
      try {
        text = readFileSync(join(dir, 'info', 'alternates'), 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n').map((l) => l.trim())) {
        if (line === '' || line.startsWith('#')) continue;
        const alternate = isAbsolute(line) ? line : join(dir, line);
        if (seen.has(alternate)) continue;
        seen.add(alternate);
        next.push(alternate);
      }
    }
    dirs.push(...next);
    level = next;
  }
  return dirs;
}

/** A loose object's inflated bytes (`<type> <size>\0<content>`), checked against its id. */
export function unwrapLoose(wrapped: Buffer, oid: string): GitObject {
  if (hashText('sha1', wrapped) !== oid) throw corrupt(oid, 'its content does not hash to its id');
  const space = wrapped.indexOf(0x20);
  const nul = wrapped.indexOf(0, space);
  return { type: objectType(wrapped.toString('latin1', 0, space), oid), content: wrapped.subarray(nul + 1) };
}

const objectTypes: Record<string, GitObjectType> = { commit: 'commit', tree: 'tree', blob: 'blob', tag: 'tag' };
const packTypes: Array<GitObjectType | undefined> = [undefined, 'commit', 'tree', 'blob', 'tag'];

function objectType(name: string, oid: string): GitObjectType {
  const type = objectTypes[name];
  if (!type) throw corrupt(oid, `its type '${name}' is unknown`);
  return type;
}

function corrupt(oid: string, why: string): GitError {
  return new GitError('git-read-failed', `git object ${oid} is corrupt: ${why}`, { hint: 'run `git fsck`' });
}

/** A packfile's index (version 2): where each object starts in the pack. */
class PackIndex {
  private readonly count: number;
  private readonly fanout: Uint32Array;

  constructor(private readonly data: Buffer, path: string) {
    if (data.readUInt32BE(0) !== 0xff744f63 || data.readUInt32BE(4) !== 2) {
      throw new GitError('git-read-failed', `${path} is not a version 2 pack index`, { hint: 'run `git repack -a -d` with a current git' });
    }
    this.fanout = new Uint32Array(256);
    for (let i = 0; i < 256; i++) this.fanout[i] = data.readUInt32BE(8 + i * 4);
    this.count = this.fanout[255];
  }

  offsetOf(oid: string): number | null {
    const first = parseInt(oid.slice(0, 2), 16);
    let lo = first === 0 ? 0 : this.fanout[first - 1];
    let hi = this.fanout[first];
    const wanted = Buffer.from(oid, 'hex');
    if (wanted.length !== 20) return null;
    const shas = 8 + 256 * 4;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = this.data.compare(wanted, 0, 20, shas + mid * 20, shas + mid * 20 + 20);
      if (order === 0) return this.offsetAt(mid);
      if (order > 0) hi = mid;
      else lo = mid + 1;
    }
    return null;
  }

  /** The ids in the index that start with `prefix` (lowercase hex, at least 2 digits). */
  startingWith(prefix: string): string[] {
    const first = parseInt(prefix.slice(0, 2), 16);
    const shas = 8 + 256 * 4;
    const out: string[] = [];
    for (let i = first === 0 ? 0 : this.fanout[first - 1]; i < this.fanout[first]; i++) {
      const oid = this.data.toString('hex', shas + i * 20, shas + i * 20 + 20);
      if (oid.startsWith(prefix)) out.push(oid);
      else if (oid > prefix) break;
    }
    return out;
  }

  private offsetAt(position: number): number {
    const offsets = 8 + 256 * 4 + this.count * 24;
    const small = this.data.readUInt32BE(offsets + position * 4);
    if ((small & 0x80000000) === 0) return small;
    const large = offsets + this.count * 4 + (small & 0x7fffffff) * 8;
    return Number(this.data.readBigUInt64BE(large));
  }
}

type PackEntry =
  | { kind: 'whole'; type: GitObjectType; content: Buffer }
  | { kind: 'delta'; baseOffset?: number; baseOid?: string; content: Buffer };

interface PackFile {
  path: string;
  index: PackIndex;
  /** Open while the pack is among the most recently used (reopened when asked again after that). */
  fd: number | null;
  size: number;
}

/**
 * Packfiles by path (without extension), most recently used last, shared by every reader of the process: a
 * pack never changes once written (its name is its checksum). The 32 most recently used are kept, open.
 */
const openPacks = new Map<string, PackFile>();
const KEPT_PACKS = 32;

function packFile(path: string): PackFile {
  const pack = openPacks.get(path) ?? { path, index: new PackIndex(readFileSync(`${path}.idx`), `${path}.idx`), fd: null, size: 0 };
  touch(pack);
  return pack;
}

function touch(pack: PackFile): void {
  openPacks.delete(pack.path);
  openPacks.set(pack.path, pack);
  for (const [path, oldest] of openPacks) {
    if (openPacks.size <= KEPT_PACKS) break;
    openPacks.delete(path);
    if (oldest.fd !== null) closeSync(oldest.fd);
    oldest.fd = null;
  }
}

function packEntry(pack: PackFile, offset: number, oid: string): PackEntry {
  if (pack.fd === null) {
    pack.fd = openSync(`${pack.path}.pack`, 'r');
    pack.size = statSync(`${pack.path}.pack`).size;
    touch(pack);
  }
  return readEntry(pack.fd, pack.size, offset, oid, pack.path);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  const read = readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, read);
}

/** The entry at `offset`: its header, then its zlib stream (read in a window that grows until it inflates). */
function readEntry(fd: number, fileSize: number, offset: number, oid: string, path: string): PackEntry {
  const available = fileSize - 20 - offset;
  let window = Math.min(available, 4096);
  for (;;) {
    const bytes = readAt(fd, offset, window);
    let at = 0;
    let byte = bytes[at++];
    const typeCode = (byte >> 4) & 7;
    let size = byte & 15;
    for (let shift = 4; byte & 0x80; shift += 7) {
      byte = bytes[at++];
      size += (byte & 0x7f) * 2 ** shift;
    }
    let baseOffset: number | undefined;
    let baseOid: string | undefined;
    if (typeCode === 6) {
      byte = bytes[at++];
      let distance = byte & 0x7f;
      while (byte & 0x80) {
        byte = bytes[at++];
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      baseOffset = offset - distance;
    } else if (typeCode === 7) {
      baseOid = bytes.toString('hex', at, at + 20);
      at += 20;
    }
    let content: Buffer | null = null;
    try {
      content = inflateSync(bytes.subarray(at));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'Z_BUF_ERROR' || window >= available) {
        throw corrupt(oid, `its data in ${path}.pack does not inflate (${(error as Error).message})`);
      }
    }
    if (content === null) {
      // The stream did not end inside the window: read a window big enough for the object (deflate rarely grows data).
      window = Math.min(available, Math.max(window * 4, size + 1024 + Math.ceil(size / 1000) * 5));
      continue;
    }
    if (content.length !== size) throw corrupt(oid, `its size in ${path}.pack is ${size}, its data holds ${content.length} bytes`);
    if (typeCode === 6 || typeCode === 7) return { kind: 'delta', baseOffset, baseOid, content };
    const type = packTypes[typeCode];
    if (!type) throw corrupt(oid, `its type code ${typeCode} in ${path}.pack is unknown`);
    return { kind: 'whole', type, content };
  }
}

/** A git delta applied to its base: copy and insert instructions after the two sizes. */
export function applyDelta(base: Buffer, delta: Buffer, oid: string): Buffer {
  let at = 0;
  const varint = () => {
    let value = 0;
    let byte;
    let shift = 0;
    do {
      byte = delta[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  if (varint() !== base.length) throw corrupt(oid, 'its delta was made from a base of another size');
  const out = Buffer.allocUnsafe(varint());
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++];
    if (op & 0x80) {
      let from = 0;
      let length = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) from += delta[at++] * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (1 << (4 + i))) length += delta[at++] * 2 ** (8 * i);
      if (length === 0) length = 0x10000;
      if (from + length > base.length || written + length > out.length) throw corrupt(oid, 'its delta copies past its base');
      written += base.copy(out, written, from, from + length);
    } else if (op > 0) {
      if (at + op > delta.length || written + op > out.length) throw corrupt(oid, 'its delta inserts past its end');
      written += delta.copy(out, written, at, at + op);
      at += op;
    } else {
      throw corrupt(oid, 'its delta has a reserved instruction');
    }
  }
  if (written !== out.length) throw corrupt(oid, 'its delta leaves the object short');
  return out;
}

/** The fields of a commit object that amp-dbt reads. */
export interface ParsedCommit {
  tree: string;
  parents: string[];
  author: { name: string; email: string };
  /** Committer time, seconds since the epoch. */
  committerTime: number;
  /** Everything after the headers. */
  message: string;
}

/** A commit object's headers (continuation lines of signatures skipped) and message. */
export function parseCommit(content: Buffer, oid: string): ParsedCommit {
  const text = content.toString('utf8');
  const end = text.indexOf('\n\n');
  const headers = (end < 0 ? text : text.slice(0, end)).split('\n');
  const commit: ParsedCommit = { tree: '', parents: [], author: { name: '', email: '' }, committerTime: 0, message: end < 0 ? '' : text.slice(end + 2) };
  for (const line of headers) {
    const space = line.indexOf(' ');
    const key = line.slice(0, space);
    const value = line.slice(space + 1);
    if (key === 'tree') commit.tree = value;
    else if (key === 'parent') commit.parents.push(value);
    else if (key === 'author') commit.author = person(value);
    else if (key === 'committer') commit.committerTime = Number(/> (-?\d+) [-+]\d{4}$/.exec(value)?.[1] ?? 0);
  }
  if (!/^[0-9a-f]{40}$/.test(commit.tree)) throw corrupt(oid, 'it is a commit without a tree');
  return commit;
}

function person(value: string): { name: string; email: string } {
  const open = value.indexOf('<');
  const close = value.indexOf('>', open);
  return { name: value.slice(0, Math.max(open, 0)).trim(), email: open < 0 || close < 0 ? '' : value.slice(open + 1, close) };
}

/** Readers by isomorphic-git cache object: calls sharing a cache share the reader (and its delta bases). */
const readers = new WeakMap<object, GitObjects | null>();

/** The object reader of a git context (see GitObjects.inGitDir), made once per cache object. */
export function gitObjectsFor(ctx: GitContext): GitObjects | null {
  let reader = readers.get(ctx.cache);
  if (reader === undefined) {
    reader = GitObjects.inGitDir(commonGitDir(ctx));
    readers.set(ctx.cache, reader);
  }
  return reader;
}
