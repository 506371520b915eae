import type { GitContext } from './git-context.js';
import { readTypedObject } from './read-git-object.js';

/** A blob's bytes (read by GitObjects; see readGitObject). */
export function readBlobBytes(ctx: GitContext, oid: string): Promise<Uint8Array> {
  return readTypedObject(ctx, oid, 'blob');
}
