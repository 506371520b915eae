import { relative, sep } from 'node:path';
import { diskBlobId } from './disk-blob-id.js';
import { findRepoRoot } from './find-repo-root.js';
import { eolAttributes, type EolAttributes } from './git-attributes.js';
import { gitDirs, type GitDirs } from './git-dirs.js';
import { objectFormat } from './git-config.js';
import { readGitIndex, type GitIndex } from './git-index.js';
import { GitObjects } from './git-objects.js';
import { realPath } from './real-path.js';
import { layeredConfigValue } from './user-git-config.js';

/**
 * Whether `git add` turns the CRLF line ends of a working-tree file of the project at `projectDir` (path
 * relative to it, its bytes) into LF (convert.c's crlf_to_git): where `core.autocrlf` (true or input) or the
 * `text`/`eol` attributes (gitattributes.ts) say so; under `text=auto` or core.autocrlf only for text, and not
 * when the index's blob of the file has CRLF line ends itself (git's "safer autocrlf": a file committed with
 * CRLF stays so). Never outside git. Filters and `working-tree-encoding` are not read.
 */
export function checkinConversion(projectDir: string): CheckinConversion {
  const repoRoot = findRepoRoot(projectDir);
  const dirs = repoRoot ? gitDirs(repoRoot) : null;
  if (!repoRoot || !dirs) return () => false;
  const prefix = relative(realPath(repoRoot), realPath(projectDir)).split(sep).join('/');
  const attributesOf = eolAttributes(repoRoot, dirs);
  const autocrlf = (layeredConfigValue(dirs.commonDir, 'core', null, 'autocrlf') ?? 'false').toLowerCase();
  const autoByConfig = autocrlf === 'input' || ['true', 'yes', 'on', '1'].includes(autocrlf);
  let crlfInIndex: ((path: string, bytes: Uint8Array) => boolean) | undefined;
  return (path, bytes) => {
    const repoPath = prefix === '' ? path : `${prefix}/${path}`;
    const rule = checkinRule(attributesOf(repoPath), autoByConfig, bytes);
    if (rule !== 'auto') return rule;
    crlfInIndex ??= indexHasCrlf(dirs);
    return !crlfInIndex(repoPath, bytes);
  };
}

/** Whether `git add` converts a file's CRLF line ends (checkinConversion's answer). */
export type CheckinConversion = (path: string, bytes: Uint8Array) => boolean;

/**
 * checkinConversion of `projectDir`, made when first asked for (git config, attributes and index are read only
 * for a file holding a CR): one for the blob ids and the texts of a file source (checkinBlobId, checkinText).
 */
export function lazyCheckinConversion(projectDir: string): () => CheckinConversion {
  let conversion: CheckinConversion | undefined;
  return () => (conversion ??= checkinConversion(projectDir));
}

/** git's rule: `-text` never, `text` (or an `eol` alone) always, `text=auto` or core.autocrlf when the content is text ('auto'). */
export function checkinRule(attributes: EolAttributes, autoByConfig: boolean, bytes: Uint8Array): boolean | 'auto' {
  const text = attributes.text ?? (attributes.eol !== undefined ? true : autoByConfig ? 'auto' : false);
  if (text === false) return false;
  if (text === true) return true;
  return looksBinary(bytes) ? false : 'auto';
}

/**
 * Whether the index's blob of a file (repository path) has CRLF line ends (convert.c's has_crlf_in_index):
 * not when the file's bytes with LF line ends are that blob (a clean CRLF checkout of LF blobs, told without
 * reading the blob), else read from the object store. No index entry, or a blob not found: no.
 */
function indexHasCrlf(dirs: GitDirs): (path: string, bytes: Uint8Array) => boolean {
  const index: GitIndex | null = readGitIndex(dirs.gitDir, objectFormat(dirs.commonDir) === 'sha256' ? 32 : 20);
  let objects: GitObjects | null | undefined;
  return (path, bytes) => {
    const entry = index?.entries.get(path);
    if (!entry || diskBlobId(crlfToLf(bytes)) === entry.oid) return false;
    objects ??= GitObjects.inGitDir(dirs.commonDir);
    let blob: Uint8Array | undefined;
    try {
      blob = objects?.read(entry.oid)?.content;
    } catch {
      return false;
    }
    return blob !== undefined && hasCrlf(blob) && !looksBinary(blob);
  };
}

function hasCrlf(bytes: Uint8Array): boolean {
  for (let at = bytes.indexOf(13); at !== -1; at = bytes.indexOf(13, at + 1)) if (bytes[at + 1] === 10) return true;
  return false;
}

/** git's guess that content is binary (convert.c's convert_is_binary): a NUL, a CR not before LF, or too many control bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  let printable = 0;
  let nonPrintable = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === 13) {
      if (bytes[i + 1] !== 10) return true;
      continue;
    }
    if (c === 0) return true;
    if (c === 10) continue;
    if (c === 127) nonPrintable++;
    else if (c < 32) {
      // Backspace, tab, escape, form feed count as printable; a final ^Z (DOS end of file) is ignored.
      if (c === 8 || c === 9 || c === 27 || c === 12) printable++;
      else if (!(c === 26 && i === bytes.length - 1)) nonPrintable++;
    } else printable++;
  }
  return printable >> 7 < nonPrintable;
}

/** The bytes with every CRLF pair turned into LF (a lone CR stays). */
export function crlfToLf(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10) continue;
    out[n++] = bytes[i];
  }
  return out.subarray(0, n);
}
