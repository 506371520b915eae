import { gitDirs } from './git-dirs.js';
import { originUrl } from './git-config.js';
import { ownerAndName } from './owner-and-name.js';
import { repositoryPath } from './repository-path.js';

export { ownerAndName };

/**
 * The key the state database files a repository under: `owner/name` of its `origin` remote, so
 * every clone (a laptop, CI, the GitHub App) shares one history; the repository's path without one
 * (its main working tree's for a linked worktree: worktrees of one repository share it).
 */
export async function repositoryId(repoRoot: string): Promise<string> {
  const commonDir = gitDirs(repoRoot)?.commonDir;
  const url = commonDir === undefined ? undefined : originUrl(commonDir);
  return (url !== undefined && ownerAndName(url)) || repositoryPath(repoRoot);
}
