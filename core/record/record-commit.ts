import { compileProject } from '../compile/compile-project.js';
import { Diagnostics, type Diagnostic } from '../errors.js';
import { commitInfo } from '../git/commit-info.js';
import { projectAtCommit } from '../git/project-at-commit.js';
import { loadProject } from '../project/load-project.js';
import type { Target } from '../project/project-types.js';
import type { StateStore } from '../state/state-store.js';
import type { Manifest } from '../state/state-types.js';
import { buildManifest } from './build-manifest.js';

export interface RecordCommitOptions {
  store: StateStore;
  /** The repository key in the state database (`owner/name` or the repository's path). */
  repo: string;
  /** The project folder in the working tree (the project is read from git objects, not from here). */
  projectDir: string;
  /** sha, branch, tag, HEAD~1 ... */
  ref: string;
  target: Target;
  env: Record<string, string | undefined>;
  vars?: Record<string, unknown>;
}

export interface RecordCommitResult {
  commit: string;
  /** False when the commit was recorded before (recording is idempotent). */
  inserted: boolean;
  /** The stored manifest (null when the project did not compile). */
  manifest: Manifest | null;
  errors: Diagnostic[];
}

/**
 * Compiles the project as of a commit and stores its manifest. A commit already recorded is a no-op;
 * a commit whose project has errors is not recorded (the errors are returned).
 */
export async function recordCommit(options: RecordCommitOptions): Promise<RecordCommitResult> {
  const { files, commit, repoRoot } = await projectAtCommit(options.projectDir, options.ref);
  const existing = await options.store.getManifest(options.repo, commit);
  if (existing) return { commit, inserted: false, manifest: existing, errors: [] };
  const diagnostics = new Diagnostics();
  const project = loadProject({ files, root: options.projectDir, vars: options.vars }, diagnostics);
  if (!project) return { commit, inserted: false, manifest: null, errors: diagnostics.sorted() };
  const result = compileProject(project, { target: options.target, env: options.env, runStartedAt: '1970-01-01T00:00:00.000Z' }, diagnostics);
  if (diagnostics.hasErrors) return { commit, inserted: false, manifest: null, errors: diagnostics.sorted() };
  const info = await commitInfo(repoRoot, commit);
  const inserted = await options.store.saveManifest(options.repo, buildManifest(result, commit, info.parents, files));
  return { commit, inserted, manifest: await options.store.getManifest(options.repo, commit), errors: [] };
}
