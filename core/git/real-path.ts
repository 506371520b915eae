import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The path with symbolic links resolved; a missing tail (a project deleted since) is kept as given. */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    const parent = dirname(path);
    return parent === path ? path : join(realPath(parent), basename(path));
  }
}
