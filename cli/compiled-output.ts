import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const INDEX = '.index.json';

const hashOf = (text: string) => createHash('sha1').update(text).digest('base64url');

/**
 * One compiled file: its path under `.amp-dbt/compiled/` and its text, made on demand. `unchanged` says the
 * text is the one the last compile wrote (see unchangedModels): it is then neither made nor hashed while
 * the index has its entry and the file is still there.
 */
export interface CompiledFile {
  path: string;
  /** Null when it cannot be made (an error was reported): nothing is written. */
  text: () => string | null;
  unchanged?: boolean;
}

function readIndex(dir: string): Record<string, string> {
  try {
    const index = JSON.parse(readFileSync(join(dir, INDEX), 'utf8')) as { version?: number; files?: Record<string, string> };
    return index.version === 1 && index.files ? index.files : {};
  } catch {
    return {};
  }
}

/**
 * Writes compiled SQL to `.amp-dbt/compiled/<model path>`. A file whose text is unchanged since the last
 * compile (by the hash kept in `.amp-dbt/compiled/.index.json`) and is still there is left alone: cheaper
 * than reading or rewriting 10,000 files, and modification times stay meaningful.
 */
export function writeCompiledOutput(root: string, files: Iterable<CompiledFile>): { written: number } {
  const dir = join(root, '.amp-dbt', 'compiled');
  const index = readIndex(dir);
  const present = new Map<string, Set<string>>();
  const listed = (folder: string) => {
    let names = present.get(folder);
    if (!names) {
      try {
        names = new Set(readdirSync(folder));
      } catch {
        mkdirSync(folder, { recursive: true });
        names = new Set();
      }
      present.set(folder, names);
    }
    return names;
  };
  let written = 0;
  for (const { path, text: make, unchanged } of files) {
    const file = join(dir, path);
    const names = listed(dirname(file));
    const name = file.slice(dirname(file).length + 1);
    if (unchanged && index[path] !== undefined && names.has(name)) continue;
    const text = make();
    if (text === null) continue;
    const hash = hashOf(text);
    if (index[path] === hash && names.has(name)) continue;
    writeFileSync(file, text);
    index[path] = hash;
    written++;
  }
  if (written) writeFileSync(join(dir, INDEX), JSON.stringify({ version: 1, files: index }));
  return { written };
}
