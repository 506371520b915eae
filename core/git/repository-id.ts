import fs from 'node:fs';
import git from 'isomorphic-git';

/** `owner/name` from a remote URL (https, ssh or scp-like), or undefined. */
export function ownerAndName(url: string): string | undefined {
  const match = /[/:]([^/:]+)\/([^/]+?)(?:\.git)?\/?$/.exec(url.trim());
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/**
 * The key the state database files a repository under: `owner/name` of its `origin` remote, so
 * every clone (a laptop, CI, the GitHub App) shares one history; the repository's path without one.
 */
export async function repositoryId(repoRoot: string): Promise<string> {
  const url = await git.getConfig({ fs, dir: repoRoot, path: 'remote.origin.url' }).catch(() => undefined);
  return (typeof url === 'string' && ownerAndName(url)) || repoRoot;
}
