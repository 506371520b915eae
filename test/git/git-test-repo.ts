import { spawnSync } from 'node:child_process';
import { tempDir, writeTree } from '../helpers.js';

/** Runs the real `git` in `dir`, isolated from the user's configuration; returns trimmed stdout. */
export function git(dir: string, ...args: string[]): string {
  const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' },
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A new repository on branch `main` in a temporary folder, with `files` written (not committed). */
export function initRepo(files: Record<string, string> = {}): string {
  const dir = tempDir('amp-dbt-git-');
  git(dir, 'init', '-q', '-b', 'main');
  return writeTree(dir, files);
}

/** Writes `files`, stages everything and commits; returns the new commit's sha. */
export function commit(dir: string, message: string, files: Record<string, string> = {}): string {
  writeTree(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return git(dir, 'rev-parse', 'HEAD');
}
