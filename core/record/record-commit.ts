import { Diagnostics, type Diagnostic } from '../errors.js';
import { warnSkipped } from '../project/discover-project-files.js';
import type { Target } from '../project/project-types.js';
import type { StateStore } from '../state/state-store.js';
import type { Manifest } from '../state/state-types.js';
import type { CommitCompilation } from './commit-compilation.js';
import { openCommitSnapshot, type CommitSnapshot } from './commit-snapshot.js';
import { compileFull } from './compile-full.js';
import { compileIncremental } from './compile-incremental.js';
import { COMPILER_REVISION } from '../compile/compiler-revision.js';
import { ANCESTOR_SEARCH_DEPTH, findRecordedAncestor } from './find-recorded-ancestor.js';

export interface RecordCommitOptions {
  store: StateStore;
  /** The repository key in the state database (`owner/name` or the repository's path). */
  repo: string;
  /** The project folder in the working tree (the project is read from git objects, not from here). */
  projectDir: string;
  /** sha, branch, tag, HEAD~1 ... */
  ref: string;
  /** `projectDir` at `ref`, when the caller opened it already. */
  snapshot?: CommitSnapshot;
  target: Target;
  env: Record<string, string | undefined>;
  vars?: Record<string, unknown>;
  /** Reuse the models of the nearest recorded ancestor (default true); false renders every model. */
  incremental?: boolean;
  /** How many first-parent commits back to look for a recorded ancestor. */
  ancestorDepth?: number;
  /** Progress of rendering the commit's models (CompileOptions.onProgress). */
  onProgress?: (done: number, total: number) => void;
}

/** How a recorded commit was compiled. */
export interface RecordCompileStats {
  mode: 'full' | 'incremental';
  /** The recorded ancestor whose models were reused (incremental). */
  base: string | null;
  /** Why every model was rendered (full). */
  reason: string | null;
  models: number;
  rendered: number;
  reused: number;
}

export interface RecordCommitResult {
  commit: string;
  /** False when the commit was recorded before (recording is idempotent) or did not compile. */
  inserted: boolean;
  /** The commit had been recorded before: nothing was compiled. */
  alreadyRecorded: boolean;
  /**
   * The compiler revision of the manifest this recording replaced (null: recorded before revisions), when
   * the commit had been recorded by an older amp-dbt that renders differently; undefined otherwise.
   */
  replacedRevision?: number | null;
  /** The manifest as stored (null when the project did not compile). */
  manifest: Manifest | null;
  /** Null when nothing was compiled. */
  compile: RecordCompileStats | null;
  errors: Diagnostic[];
  /**
   * What the commit's project holds that the recording could not read (a symbolic link, a submodule, a name not
   * in UTF-8), as compile warns of it: models there are missing from the manifest. Empty when nothing was compiled.
   */
  warnings: Diagnostic[];
}

/**
 * Compiles the project as of a commit and stores its manifest. A commit already recorded is a no-op, unless
 * an older compiler revision recorded it: then its manifest is replaced by this compiler's;
 * a commit whose project has errors is not recorded (the errors are returned). When an ancestor is
 * recorded (nearest first parent), only what changed since is rendered again (see compileIncremental).
 */
export async function recordCommit(options: RecordCommitOptions): Promise<RecordCommitResult> {
  const { store, repo } = options;
  const snapshot = options.snapshot ?? await openCommitSnapshot(options.projectDir, options.ref);
  const { commit } = snapshot;
  const recorded = await store.getManifest(repo, commit);
  // A manifest an older compiler made is recorded again: its models would never match what this one renders
  // (a run from the same clean commit would be taken for a dirty working tree).
  const stale = recorded !== null && (recorded.compilerRevision === null || recorded.compilerRevision < COMPILER_REVISION);
  if (recorded && !stale) return { commit, inserted: false, alreadyRecorded: true, manifest: recorded, compile: null, errors: [], warnings: [] };
  const compilation = await compileCommit(snapshot, options);
  const skipped = new Diagnostics();
  warnSkipped(snapshot.skipped, skipped);
  const warnings = skipped.warnings;
  const compile: RecordCompileStats = {
    mode: compilation.mode, base: compilation.base, reason: compilation.reason,
    models: compilation.recorded?.models.length ?? 0, rendered: compilation.rendered, reused: compilation.reused,
  };
  if (!compilation.recorded || compilation.errors.length > 0) {
    return { commit, inserted: false, alreadyRecorded: false, manifest: null, compile, errors: compilation.errors, warnings };
  }
  const manifest = {
    ...compilation.recorded, commit, parents: snapshot.parents, compilerRevision: COMPILER_REVISION,
    ...(compilation.base ? { base: compilation.base } : {}),
    recordedAt: new Date().toISOString(),
  };
  const inserted = await store.saveManifest(repo, manifest, recorded ? { replacing: recorded.compilerRevision } : undefined);
  // Not inserted: another process recorded the commit meanwhile; its manifest is the one kept.
  return {
    commit, inserted, alreadyRecorded: !inserted, manifest: inserted ? manifest : await store.getManifest(repo, commit), compile, errors: [], warnings,
    ...(recorded && inserted ? { replacedRevision: recorded.compilerRevision } : {}),
  };
}

async function compileCommit(snapshot: CommitSnapshot, options: RecordCommitOptions): Promise<CommitCompilation> {
  if (options.incremental === false) return compileFull(snapshot, options, 'incremental recording was turned off');
  const depth = options.ancestorDepth ?? ANCESTOR_SEARCH_DEPTH;
  const ancestor = await findRecordedAncestor(options.store, options.repo, snapshot, depth);
  if (!ancestor) return compileFull(snapshot, options, `no recorded ancestor within ${depth} first-parent commits`);
  const base = await options.store.getManifest(options.repo, ancestor.commit);
  if (!base) return compileFull(snapshot, options, `the manifest of ${ancestor.commit.slice(0, 12)} could not be read`);
  if (base.compilerRevision !== COMPILER_REVISION) {
    // Its unchanged models were rendered by another compiler: reusing them would mix two renderings.
    return compileFull(snapshot, options, `${ancestor.commit.slice(0, 12)} was recorded by another amp-dbt compiler (${
      base.compilerRevision === null ? 'before compiler revisions' : `revision ${base.compilerRevision}`}; now revision ${COMPILER_REVISION})`);
  }
  const incremental = await compileIncremental(snapshot, base, options, (ids) => options.store.getModelSql(options.repo, ids));
  return 'fallback' in incremental ? compileFull(snapshot, options, incremental.fallback) : incremental;
}
