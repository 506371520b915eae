import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes `path` beside it and renames it over it, so a reader sees the old file or the new one (a cache,
 * an index); an `optional` write that fails is passed over, and leaves nothing behind.
 */
export function replaceFile(path: string, text: string, optional: boolean, encoding: BufferEncoding = 'utf8'): void {
  const temporary = `${path}.${process.pid}.tmp`; // processes writing the same file do not collide
  try {
    writeFileSync(temporary, text, encoding);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (!optional) throw error;
  }
}
