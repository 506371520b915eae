import { inflateSync } from 'node:zlib';
import { hashText } from '../util/hash-text.js';
import type { GitContext } from './git-context.js';
import { GitError } from './git-error.js';
import { gitObjectsFor, parseCommit, type GitObject, type GitObjectType, type ParsedCommit } from './git-objects.js';
import { isomorphicGit } from './isomorphic-git.js';

/**
 * Any object of the repository: through GitObjects, else through isomorphic-git (alternates, a `.git`
 * file, an object not found: isomorphic-git then raises its NotFoundError). Loose objects that
 * isomorphic-git fetches are inflated by Node's zlib and checked against their id.
 */
export async function readGitObject(ctx: GitContext, oid: string): Promise<GitObject> {
  const found = gitObjectsFor(ctx)?.read(oid);
  if (found) return found;
  const git = await isomorphicGit();
  const result = await git.readObject({ ...ctx, oid, format: 'deflated' });
  if (result.format === 'content') return { type: result.type as GitObjectType, content: Buffer.from(result.object) };
  if (result.format !== 'deflated' && result.format !== 'wrapped') {
    throw new GitError('git-read-failed', `object ${oid} came back as ${result.format}`);
  }
  const wrapped = result.format === 'deflated' ? inflateSync(result.object) : Buffer.from(result.object);
  if (hashText('sha1', wrapped) !== oid) {
    throw new GitError('git-read-failed', `object ${oid} is corrupt: its content does not hash to its id`, { hint: 'run `git fsck`' });
  }
  const space = wrapped.indexOf(0x20);
  return { type: wrapped.toString('latin1', 0, space) as GitObjectType, content: wrapped.subarray(wrapped.indexOf(0, space) + 1) };
}

const article = (type: string) => (type === 'commit' ? 'a commit' : type === 'tree' ? 'a folder (tree)' : type === 'blob' ? 'a file (blob)' : `a ${type}`);

/** The content of an object that must be of `type`. */
export async function readTypedObject(ctx: GitContext, oid: string, type: GitObjectType): Promise<Buffer> {
  const object = await readGitObject(ctx, oid);
  if (object.type !== type) throw new GitError('git-read-failed', `object ${oid} is ${article(object.type)}, expected ${article(type)}`);
  return object.content;
}

export async function readCommitObject(ctx: GitContext, oid: string): Promise<ParsedCommit> {
  return parseCommit(await readTypedObject(ctx, oid, 'commit'), oid);
}

/** Whether the repository holds object `oid` (a full sha). */
export async function hasGitObject(ctx: GitContext, oid: string): Promise<boolean> {
  const objects = gitObjectsFor(ctx);
  if (objects) return objects.has(oid);
  try {
    await (await isomorphicGit()).readObject({ ...ctx, oid, format: 'deflated' });
    return true;
  } catch (error) {
    if ((error as { code?: string } | null)?.code === 'NotFoundError') return false;
    throw error;
  }
}
