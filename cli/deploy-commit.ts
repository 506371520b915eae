import { findRepoRoot } from '../core/git/find-repo-root.js';
import type { CompileResult } from '../core/compile/compile-project.js';
import type { Profile } from '../core/project/project-types.js';
import type { StateKey } from '../core/state/state-key.js';
import type { StateStore } from '../core/state/state-store.js';
import { DIRTY_TREE, type BasedOn } from '../core/run/recorded-deploy.js';
import { AmpDbtError, formatDiagnostic } from '../core/errors.js';
import { macroNamesOfFiles } from '../core/compile/written-at.js';
import { seedsReadBy } from '../core/compile/seeds-read-by.js';
import { refableSeeds } from '../core/seed/refable-seeds.js';
import { openCommitSnapshot, type ProjectTree } from '../core/record/commit-snapshot.js';
import { jsonEqual } from '../core/diff/json-equal.js';
import { plural } from '../core/util/plural.js';
import { manifestModelFromCompiled } from '../core/state/manifest-model-from-compiled.js';
import type { Manifest, ManifestModel } from '../core/state/state-types.js';
import { keyOutsideGit, repositoryKey } from './open-state.js';
import { withRenderProgress } from './render-progress.js';
import { stateTargetOf, targetStateKey } from './target-state-key.js';

export interface DeployCommit {
  /** The key the state database files the run under (the repository's and the target's: stateKey.key). */
  repo: string;
  stateKey: StateKey;
  /** The commit the compiled project is, with its manifest; null when the working tree matches no commit. */
  commit: { sha: string; manifest: Manifest } | null;
  /** What a run is recorded under without a commit. */
  label: string;
  /** Why there is no commit. */
  noCommitReason?: string;
  /** Without a commit: the commit given with --commit, or the one the working tree (or the --vars build) is based on. */
  basedOn?: BasedOn;
}

/**
 * `run --require-move`: a run that cannot move the environment's pointer to a commit (the working tree or
 * --commit does not compile to a commit as recorded) stops before it builds anything.
 */
export function checkMovable(deploy: DeployCommit, environment: string): void {
  if (deploy.commit !== null) return;
  throw new AmpDbtError('not-movable', `environment '${environment}' could not move to the run's commit: ${deploy.noCommitReason ?? DIRTY_TREE}`, {
    hint: `nothing was built (--require-move); run without --require-move to build it anyway, recorded as ${deploy.label.replace(/^([0-9a-f]{12})[0-9a-f]{28}/, '$1')}`,
  });
}

/** `run --require-move`: after a run that left the pointer where it was (a --select run with models unbuilt), the exit code. */
export function requiredMoveMissed(report: { moved: boolean; notMoved: string | null; status: string }, environment: string): number {
  if (report.moved || report.notMoved === null || report.status !== 'success') return 0;
  process.stderr.write(`${formatDiagnostic({
    file: '', line: 0, column: 0, code: 'not-moved', message: `environment '${environment}' was not moved (--require-move): ${report.notMoved}`,
    hint: `what was built stays; a run of every model of the commit (no --select) moves '${environment}' to it`,
  })}\n`);
  return 1;
}

/** The models a compile and a manifest do not share at the same fingerprint (comment edits do not count), sorted. */
export function differingModels(manifest: Manifest, result: CompileResult): string[] {
  const recorded = new Map(manifest.models.map((m) => [m.name, m.fingerprint]));
  const differ = new Set<string>();
  for (const model of result.models) if (recorded.get(model.name) !== model.fingerprint) differ.add(model.name);
  for (const name of recorded.keys()) if (!result.byName.has(name)) differ.add(name);
  return [...differ].sort();
}

/** Whether every seed file the compiled models read has the blob the commit's `tree` has. */
function seedsAsCommitted(result: CompileResult, tree: ProjectTree): boolean {
  const read = new Set(result.models.flatMap((model) => seedsReadBy(model)));
  if (read.size === 0) return true;
  const seeds = refableSeeds(result.project, result.target);
  return [...read].every((name) => {
    const seed = seeds.get(name);
    return seed === undefined || result.project.files.blobId?.(seed.path) === tree.get(seed.path);
  });
}

/** `3 models (a, b, c)`, naming at most three. */
function modelList(names: string[]): string {
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  return `${plural(names.length, 'model')} (${shown})`;
}

/** What a run is recorded under in the state database (`state runs`' commit): the commit, else its label. */
export const recordedAs = (deploy: DeployCommit): string => deploy.commit?.sha ?? deploy.label;

/**
 * Models whose SQL holds the run's start time (`run_started_at` in the file or in a macro it calls), and
 * those downstream: a recording renders a fixed time, so they never have the recorded fingerprints.
 */
function runTimeModels(result: CompileResult): Set<string> {
  const timedMacros = macroNamesOfFiles(result.project.macros, (content) => content.includes('run_started_at'));
  const contents = new Map(result.project.models.map((m) => [m.name, m.content]));
  const direct = result.models
    .filter((m) => contents.get(m.name)?.includes('run_started_at') || m.usedMacros.some((name) => timedMacros.has(name)))
    .map((m) => m.name);
  return new Set(direct.length ? [...direct, ...result.graph.descendantsOfAll(direct)] : []);
}

/** What a manifest model records besides its SQL and what is hashed from it. */
const definitionOf = (m: ManifestModel) => [m.path, m.blobId, m.config, m.materialized, m.refs, m.sources, m.datasets, m.columns, m.usedMacros, m.usedVars];

/**
 * The models a compile and a manifest do not share at the same fingerprint (as differingModels), leaving out
 * those that differ only because their SQL holds the run's start time (runTimeModels): their file, their
 * configs and everything else recorded of them, the vars they read and every macro file are as recorded,
 * and no model upstream of them differs otherwise.
 */
export function changedModels(manifest: Manifest, result: CompileResult): string[] {
  const differing = differingModels(manifest, result);
  if (differing.length === 0) return differing;
  const timed = runTimeModels(result);
  if (!differing.some((name) => timed.has(name))) return differing;
  const asRecorded = recordedDefinition(manifest, result);
  const changed = new Set(differing.filter((name) => !timed.has(name) || !asRecorded(name)));
  // A run-time model downstream of a model that changed is another version for that change too.
  const downstream = new Set(result.graph.descendantsOfAll([...changed].filter((name) => result.byName.has(name))));
  return differing.filter((name) => changed.has(name) || downstream.has(name));
}

/**
 * Whether a compiled model is recorded as it is now but for its SQL: its file, configs and everything else
 * recorded of it, the vars it reads, and every macro file of the project (false for all when one differs).
 */
function recordedDefinition(manifest: Manifest, result: CompileResult): (name: string) => boolean {
  const { files } = result.project;
  const macrosAsRecorded = manifest.macros.length === result.project.macros.length
    && manifest.macros.every((m) => m.blobId !== null && files.blobId?.(m.path) === m.blobId);
  const recorded = new Map(manifest.models.map((m) => [m.name, m]));
  return (name) => {
    const [before, model] = [recorded.get(name), result.byName.get(name)];
    if (!macrosAsRecorded || !before || !model || before.blobId === null) return false;
    const now = manifestModelFromCompiled(model, files.blobId?.(model.path) ?? null);
    return jsonEqual(definitionOf(before), definitionOf(now))
      && now.usedVars.every((v) => jsonEqual(manifest.vars[v], result.project.vars[v]));
  };
}

/**
 * Whether a manifest has exactly the compiled models, at the same fingerprints. A model that differs only
 * because its SQL holds the run's start time (runTimeModels) counts as the same when its file, its configs and
 * everything else recorded of it, the vars it reads and every macro file are as recorded.
 */
function sameModels(manifest: Manifest, result: CompileResult): boolean {
  return manifest.models.length === result.models.length && changedModels(manifest, result).length === 0;
}

/**
 * Which commit a run deploys, and the key of the profile's target it is filed under (so a commit is
 * recorded, and incremental recordings start, from that target's manifests only). With --commit it is that commit. From the working tree it is HEAD when the
 * working tree compiles to HEAD's models and fingerprints (recorded now if needed); otherwise no commit,
 * and the run is recorded as `<HEAD>+dirty` (or `working-tree` outside git), or `<HEAD>+env` when the working tree
 * is HEAD's files and only their rendering differs (env_var() values, the target's settings). With --vars that change the
 * models from the commit as recorded, no commit either (the pointer is not moved): `<sha>+vars`. With a
 * --commit that compiles to other models now than as recorded (env_var() values, the target's settings),
 * no commit either: `<sha>+env`.
 */
export async function deployCommit(options: {
  store: StateStore; projectDir: string; result: CompileResult; profile: Profile; vars?: Record<string, unknown>; commit?: string;
}): Promise<DeployCommit> {
  const repoRoot = findRepoRoot(options.projectDir);
  const repository = repoRoot ? await repositoryKey(repoRoot, options.projectDir) : keyOutsideGit(options.projectDir);
  const stateKey = await targetStateKey(options.store, repository, stateTargetOf(options.profile));
  const repo = stateKey.key;
  if (!repoRoot) {
    const noCommitReason = 'the project is not in a git repository (environments point at commits: git init and commit it)';
    return { repo, stateKey, commit: null, label: 'working-tree', noCommitReason };
  }
  const { recordCommit } = await import('../core/record/record-commit.js');
  let recorded;
  let tree: ProjectTree;
  try {
    const snapshot = await openCommitSnapshot(options.projectDir, options.commit ?? 'HEAD');
    tree = snapshot.tree;
    recorded = await withRenderProgress(`recording ${snapshot.commit.slice(0, 12)}`, (onProgress) => recordCommit({
      store: options.store, repo, projectDir: options.projectDir, ref: options.commit ?? 'HEAD', snapshot, target: options.profile.target,
      env: process.env, incremental: true, onProgress,
    }));
  } catch (error) {
    if (options.commit !== undefined || !(error instanceof AmpDbtError)) throw error;
    // unknown-commit for HEAD: an unborn branch; any other error (a repository amp-dbt cannot read) is named.
    const noCommitReason = error.code === 'unknown-commit' ? 'the repository has no commit yet' : `HEAD could not be recorded: ${error.message}`;
    return { repo, stateKey, commit: null, label: 'working-tree', noCommitReason };
  }
  const manifest = recorded.manifest;
  const same = manifest !== null && sameModels(manifest, options.result);
  if (manifest && options.vars !== undefined && !same) {
    // The pointer names a commit, which names its models: a build with other vars is not that commit's.
    return {
      repo, stateKey, commit: null, label: `${recorded.commit}+vars`, basedOn: { sha: recorded.commit, of: options.commit !== undefined ? 'run' : 'working-tree' },
      noCommitReason: `--vars makes the models differ from commit ${recorded.commit.slice(0, 12)} as recorded (environments point at commits: put the values in dbt_project.yml and commit them to deploy them)`,
    };
  }
  if (manifest && options.commit !== undefined && !same) {
    // The commit as recorded names other versions than this run builds: its pointer would claim what is not built.
    const short = recorded.commit.slice(0, 12);
    return {
      repo, stateKey, commit: null, label: `${recorded.commit}+env`, basedOn: { sha: recorded.commit, of: 'run' },
      noCommitReason: `commit ${short} compiles to other versions of ${modelList(differingModels(manifest, options.result))} now than as recorded `
        + `(the environment variables its models read with env_var(), or the target's settings, differ from the recording's): the run is recorded as ${short}+env `
        + `(deploy the commit with the settings it was recorded with; new settings need a new commit, recorded with 'amp-dbt state record --full')`,
    };
  }
  if (manifest && (options.commit !== undefined || same)) {
    return { repo, stateKey, commit: { sha: recorded.commit, manifest }, label: recorded.commit };
  }
  if (manifest && asCommitted(manifest, options.result, tree)) {
    // The files are HEAD's: what differs is how they render now (env_var() values, the target's settings), not the tree.
    const short = recorded.commit.slice(0, 12);
    return {
      repo, stateKey, commit: null, label: `${recorded.commit}+env`, basedOn: { sha: recorded.commit, of: 'working-tree' },
      noCommitReason: `the working tree's models, macros and vars are as committed, but HEAD ${short} compiles to other versions of ${modelList(differingModels(manifest, options.result))} now than as recorded `
        + `(the environment variables its models read with env_var(), or the target's settings, differ from the recording's): the run is recorded as ${short}+env `
        + `(deploy it with the settings it was recorded with; to deploy new settings, commit and record that commit with 'amp-dbt state record --full' before running it)`,
    };
  }
  return { repo, stateKey, commit: null, label: `${recorded.commit}+dirty`, basedOn: { sha: recorded.commit, of: 'working-tree' } };
}

/**
 * Whether the working tree is the manifest's commit as far as its models go (same models, files, configs,
 * refs, the vars they read, every macro file, the seed files they read, as in the commit's `tree`): then models
 * compiling to other fingerprints do so because of what the files do not hold (env_var() values, the target's
 * settings), not because of an edit.
 */
function asCommitted(manifest: Manifest, result: CompileResult, tree: ProjectTree): boolean {
  if (manifest.models.length !== result.models.length || !seedsAsCommitted(result, tree)) return false;
  const asRecorded = recordedDefinition(manifest, result);
  return differingModels(manifest, result).every(asRecorded);
}
