import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { commonGitDir, type GitContext } from './git-context.js';
import { GitError } from './git-error.js';
import { gitObjectsFor, parseCommit, unwrapLoose, type GitObject, type GitObjectType, type ParsedCommit } from './git-objects.js';
import { isomorphicGit } from './isomorphic-git.js';

/**
 * Any object of the repository: through GitObjects, else through isomorphic-git (alternates, a `.git`
 * file, an object not found: missing-git-object). Loose objects that isomorphic-git fetches are inflated by
 * Node's zlib and checked against their id.
 */
export async function readGitObject(ctx: GitContext, oid: string): Promise<GitObject> {
  const found = gitObjectsFor(ctx)?.read(oid);
  if (found) return found;
  const git = await isomorphicGit();
  let result: Awaited<ReturnType<typeof git.readObject>>;
  try {
    result = await git.readObject({ ...ctx, oid, format: 'deflated' });
  } catch (error) {
    if (isNotFound(error)) throw missingObject(ctx, oid);
    throw error;
  }
  if (result.format === 'content') return { type: result.type as GitObjectType, content: Buffer.from(result.object) };
  if (result.format !== 'deflated' && result.format !== 'wrapped') {
    throw new GitError('git-read-failed', `object ${oid} came back as ${result.format}`);
  }
  return unwrapLoose(result.format === 'deflated' ? inflateSync(result.object) : Buffer.from(result.object), oid);
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

/** isomorphic-git's error for a missing object or ref. */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'NotFoundError';
}

/** Whether the repository is a shallow clone (its history cut off: `git clone --depth`, CI checkouts). */
export function isShallow(ctx: GitContext): boolean {
  return existsSync(join(commonGitDir(ctx), 'shallow'));
}

/**
 * Whether the repository is a partial clone (`git clone --filter=blob:none`): git fetches the objects it left
 * out when a git command needs them, which amp-dbt, reading objects itself, cannot. Its packs have `.promisor` files.
 */
export function isPartialClone(ctx: GitContext): boolean {
  try {
    return readdirSync(join(commonGitDir(ctx), 'objects', 'pack')).some((name) => name.endsWith('.promisor'));
  } catch {
    return false;
  }
}

/**
 * The error for an object the repository does not have (`ref`: what named it), which in a shallow or
 * partial clone says how to get it.
 */
export function missingObject(ctx: GitContext, oid: string, ref?: string, through = false): GitError {
  const shallow = isShallow(ctx);
  const partial = !shallow && isPartialClone(ctx);
  const what = ref === undefined ? `object ${oid.slice(0, 12)} is`
    : through ? `'${ref}' goes back through commit ${oid.slice(0, 12)}, which is` : `'${ref}' is commit ${oid.slice(0, 12)}, which is`;
  const clone = shallow ? ' (a shallow clone)' : partial ? ' (a partial clone: git fetches the files it left out when a git command reads them, amp-dbt does not)' : '';
  return new GitError('missing-git-object', `${what} not in the git repository at ${ctx.dir}${clone}`, {
    hint: shallow
      ? 'fetch more history: git fetch --deepen=100 (or --unshallow); in GitHub Actions, actions/checkout with fetch-depth: 0'
      : partial
        ? "have git fetch the commit's files first: git archive <commit> > /dev/null; or clone without --filter (in GitHub Actions, actions/checkout without filter)"
        : 'run git fetch, or check the sha',
  });
}

/** Whether the repository holds object `oid` (a full sha). */
export async function hasGitObject(ctx: GitContext, oid: string): Promise<boolean> {
  const objects = gitObjectsFor(ctx);
  if (objects) return objects.has(oid);
  try {
    await (await isomorphicGit()).readObject({ ...ctx, oid, format: 'deflated' });
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}
