import { hashText } from '../util/hash-text.js';
import { inflateSync } from 'node:zlib';
import git from 'isomorphic-git';
import type { GitContext } from './git-context.js';
import { GitError } from './git-error.js';

/**
 * A blob's bytes. Loose objects are fetched still deflated and inflated with Node's native zlib (about
 * three times faster than isomorphic-git's JavaScript inflate over thousands of small files), then
 * checked against their sha as isomorphic-git would; packed objects come back from isomorphic-git inflated.
 */
export async function readBlobBytes(ctx: GitContext, oid: string): Promise<Uint8Array> {
  const result = await git.readObject({ ...ctx, oid, format: 'deflated' });
  if (result.format === 'content') {
    if (result.type !== 'blob') throw notABlob(oid, result.type);
    return result.object;
  }
  if (result.format !== 'deflated' && result.format !== 'wrapped') throw notABlob(oid, result.format);
  const wrapped = result.format === 'deflated' ? inflateSync(result.object) : Buffer.from(result.object);
  if (hashText('sha1', wrapped) !== oid) {
    throw new GitError('git-read-failed', `object ${oid} is corrupt: its content does not hash to its id`, { hint: 'run `git fsck`' });
  }
  const space = wrapped.indexOf(0x20);
  const nul = wrapped.indexOf(0, space);
  const type = wrapped.toString('latin1', 0, space);
  if (type !== 'blob') throw notABlob(oid, type);
  return wrapped.subarray(nul + 1);
}

function notABlob(oid: string, type: string): GitError {
  return new GitError('git-read-failed', `object ${oid} is a ${type}, expected a file (blob)`);
}
