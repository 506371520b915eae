import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { makeFolders } from '../core/util/make-folders.js';
import { join } from 'node:path';
import { hashText } from '../core/util/hash-text.js';
import type { BackgroundFileWriter } from './background-file-writer.js';

const INDEX = '.index.json';

/** One-shot hashing where Node has it: no Hash object per file (10,000 files). */
const hashOf = (text: string) => hashText('sha1', text, 'base64url');

/**
 * One compiled file: its path under `.amp-dbt/compiled/` and its text, made on demand. `hash`, when known
 * without making the text (a model unchanged since the compile that wrote the partial-compile cache makes
 * the text that compile hashed: see unchangedModels): while the index holds that hash for the path and the
 * file is there, the text is neither made nor hashed.
 */
export interface CompiledFile {
  path: string;
  /** Null when it cannot be made (an error was reported): nothing is written. */
  text: () => string | null;
  hash?: string;
}

/** A path the index may name: relative, inside the compiled folder (a hand-edited index cannot point elsewhere). */
function isModelOutput(path: string): boolean {
  return path.length > 0 && !path.startsWith('/') && !path.split('/').some((part) => part === '..' || part === '' || part === '.');
}

/** The index's path -> hash entries, in their order; a Map, as 10,000 lookups by path are cheaper in one. */
function readIndex(dir: string): Map<string, string> {
  try {
    const index = JSON.parse(readFileSync(join(dir, INDEX), 'utf8')) as { version?: number; files?: Record<string, string> };
    return new Map(index.version === 1 && index.files ? Object.entries(index.files) : []);
  } catch {
    return new Map();
  }
}

/**
 * Writes compiled SQL to `.amp-dbt/compiled/<model path>`. A file whose text is unchanged since the last
 * compile (by the hash kept in `.amp-dbt/compiled/.index.json`) and is still there is left alone: cheaper
 * than reading or rewriting 10,000 files, and modification times stay meaningful. With `removeOthers` (a
 * compile of every model, without errors) the files an earlier compile wrote for models there are no more
 * (deleted, renamed, disabled, or of another commit) are removed: only files the index lists, never others.
 * The files and then the index are handed to `writer` (many are written on a worker thread meanwhile): the
 * caller awaits `writer.finish()`. The index comes last, so a failed write leaves it naming only what is there.
 * Returns the hash of every file's text made or known (`hashes`, by path), whether written or not.
 */
export function writeCompiledOutput(
  root: string, files: Iterable<CompiledFile>, options: { removeOthers?: boolean; writer: BackgroundFileWriter },
): { written: number; removed: number; hashes: Map<string, string> } {
  const { writer } = options;
  const dir = join(root, '.amp-dbt', 'compiled');
  const index = readIndex(dir);
  /** Folder (relative, as written in paths) -> its absolute path and the names found in it. */
  const folders = new Map<string, { abs: string; names: Set<string> }>();
  const folderOf = (relative: string) => {
    let folder = folders.get(relative);
    if (!folder) {
      const abs = join(dir, relative);
      let names: Set<string>;
      try {
        names = new Set(readdirSync(abs));
      } catch {
        makeFolders(abs);
        names = new Set();
      }
      folder = { abs, names };
      folders.set(relative, folder);
    }
    return folder;
  };
  let written = 0;
  const seen = new Set<string>();
  const hashes = new Map<string, string>();
  for (const { path, text: make, hash } of files) {
    seen.add(path);
    const slash = path.lastIndexOf('/');
    const { abs, names } = folderOf(slash < 0 ? '' : path.slice(0, slash));
    const name = path.slice(slash + 1);
    if (hash !== undefined && index.get(path) === hash && names.has(name)) {
      hashes.set(path, hash);
      continue;
    }
    const text = make();
    if (text === null) continue;
    const digest = hashOf(text);
    hashes.set(path, digest);
    if (index.get(path) === digest && names.has(name)) continue;
    writer.write(join(abs, name), text);
    index.set(path, digest);
    written++;
  }
  let removed = 0;
  if (options.removeOthers && seen.size < index.size) {
    for (const path of [...index.keys()]) {
      if (seen.has(path) || !isModelOutput(path)) continue;
      rmSync(join(dir, path), { force: true });
      index.delete(path);
      removed++;
    }
  }
  if (written || removed) writer.replace(join(dir, INDEX), JSON.stringify({ version: 1, files: Object.fromEntries(index) }));
  return { written, removed, hashes };
}
