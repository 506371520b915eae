/**
 * isomorphic-git, loaded when first needed: the common reads (objects, refs, commits) go through
 * git-objects.ts and read-ref.ts, so most commands never load its half a megabyte of code.
 */
export async function isomorphicGit(): Promise<typeof import('isomorphic-git').default> {
  return (await import('isomorphic-git')).default;
}
