import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes `path` beside it and renames it over it, so a reader sees the old file or the new one (a cache,
 * an index); an `optional` write that fails is passed over, and leaves nothing behind. `text` may come in
 * parts, written as they are made: a file of many megabytes is then never one string in memory.
 */
export function replaceFile(path: string, text: string | Iterable<string>, optional: boolean, encoding: BufferEncoding = 'utf8'): void {
  const temporary = `${path}.${process.pid}.tmp`; // processes writing the same file do not collide
  try {
    const fd = openSync(temporary, 'w');
    try {
      for (const part of typeof text === 'string' ? [text] : text) writeSync(fd, part, null, encoding);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (!optional) throw error;
  }
}
