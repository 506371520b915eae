import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { recordCommit, type RecordCommitResult } from '../../core/record/record-commit.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import type { StateStore } from '../../core/state/state-store.js';
import type { Manifest } from '../../core/state/state-types.js';
import { commit, git } from '../git/git-test-repo.js';
import { duckdbTarget, fixture } from '../helpers.js';

/** Every file of a fixture project (path relative to it, posix) -> text; `.amp-dbt/` left out. */
export function fixtureFiles(name: string): Record<string, string> {
  const root = fixture(name);
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.amp-dbt') walk(path);
      } else out[relative(root, path).split(sep).join('/')] = readFileSync(path, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** A project folder inside a git repository, edited and committed step by step. */
export class ProjectRepo {
  constructor(readonly repo: string, readonly subdir: string) {}

  get dir(): string {
    return join(this.repo, this.subdir);
  }

  /** Writes (string) or deletes (null) project files, commits, and returns the sha. */
  commit(message: string, files: Record<string, string | null>): string {
    const writes: Record<string, string> = {};
    for (const [path, text] of Object.entries(files)) {
      if (text === null) rmSync(join(this.dir, path));
      else writes[`${this.subdir}/${path}`] = text;
    }
    return commit(this.repo, message, writes);
  }

  /** A project file as it is in the working tree. */
  read(path: string): string {
    return readFileSync(join(this.dir, path), 'utf8');
  }

  move(from: string, to: string): void {
    git(this.repo, 'mv', `${this.subdir}/${from}`, `${this.subdir}/${to}`);
  }
}

export async function memoryStore(): Promise<StateStore> {
  return openStateStore({ type: 'sqlite', path: ':memory:' });
}

export const REPO_KEY = 'acme/warehouse';

/** Records HEAD of `project` into `store` (incremental unless told otherwise). */
export function recordHead(store: StateStore, project: ProjectRepo, options: { incremental?: boolean; vars?: Record<string, unknown> } = {}): Promise<RecordCommitResult> {
  return recordCommit({ store, repo: REPO_KEY, projectDir: project.dir, ref: 'HEAD', target: duckdbTarget, env: {}, ...options });
}

/** A stored manifest without its recording time, for comparing two recordings of one commit. */
export async function storedManifest(store: StateStore, commit: string): Promise<Omit<Manifest, 'recordedAt'> | null> {
  const manifest = await store.getManifest(REPO_KEY, commit);
  if (!manifest) return null;
  const { recordedAt: _recordedAt, ...rest } = manifest;
  return rest;
}
