import { relative, sep } from 'node:path';
import { diskBlobId } from './disk-blob-id.js';
import { findRepoRoot } from './find-repo-root.js';
import { eolAttributes, type EolAttributes } from './git-attributes.js';
import { gitDirs } from './git-dirs.js';
import { realPath } from './real-path.js';
import { layeredConfigValue } from './user-git-config.js';

/**
 * The blob id `git add` would store for the working-tree files of the project at `projectDir` (paths relative
 * to it): their bytes, with CRLF line ends turned into LF where git's end-of-line conversion applies to the
 * file (`core.autocrlf` true or input, or the `text`/`eol` attributes of .gitattributes). So a clean checkout
 * with CRLF line ends (core.autocrlf=true, `eol=crlf`) has the ids of the LF blobs committed, as `git status`
 * calls it clean; a file whose text differs otherwise has another id. Outside git, the bytes' id.
 *
 * Not read: a file committed with CRLF line ends under `text=auto` or core.autocrlf (git leaves it as it is,
 * seeing CRLF in the index; here its id is of LF line ends: the working tree's source takes the index's id of
 * a file untouched since git hashed it, indexVouching, so only such a file touched since reads as changed),
 * filters and `working-tree-encoding`.
 */
export function checkinBlobId(projectDir: string): (path: string, bytes: Uint8Array) => string {
  let conversion: ((path: string, bytes: Uint8Array) => boolean) | undefined;
  return (path, bytes) => {
    // Only bytes holding a CR can differ from what git stores; most files are hashed as they are.
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(13) === -1) return diskBlobId(bytes);
    conversion ??= eolConversion(projectDir);
    return diskBlobId(conversion(path, bytes) ? crlfToLf(bytes) : bytes);
  };
}

/** Whether git turns a file's CRLF line ends into LF when it is added (convert.c's crlf_to_git, but for the index check). */
function eolConversion(projectDir: string): (path: string, bytes: Uint8Array) => boolean {
  const repoRoot = findRepoRoot(projectDir);
  const dirs = repoRoot ? gitDirs(repoRoot) : null;
  if (!repoRoot || !dirs) return () => false;
  const prefix = relative(realPath(repoRoot), realPath(projectDir)).split(sep).join('/');
  const attributesOf = eolAttributes(repoRoot, dirs.gitDir);
  const autocrlf = (layeredConfigValue(dirs.commonDir, 'core', null, 'autocrlf') ?? 'false').toLowerCase();
  const autoByConfig = autocrlf === 'input' || ['true', 'yes', 'on', '1'].includes(autocrlf);
  return (path, bytes) => convertsOnCheckin(attributesOf(prefix === '' ? path : `${prefix}/${path}`), autoByConfig, bytes);
}

/** git's rule: `-text` never, `text` (or an `eol` alone) always, `text=auto` or core.autocrlf when the content is text. */
export function convertsOnCheckin(attributes: EolAttributes, autoByConfig: boolean, bytes: Uint8Array): boolean {
  const text = attributes.text ?? (attributes.eol !== undefined ? true : autoByConfig ? 'auto' : false);
  if (text === false) return false;
  return text === true || !looksBinary(bytes);
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
