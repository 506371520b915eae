import { StateError } from '../core/state/state-error.js';
import { hasProfilesFile, projectDirFrom, readProfile } from './project-context.js';
import { userInfo } from 'node:os';
import { isAbsolute } from 'node:path';
import type { Diagnostics } from '../core/errors.js';
import { findRepoRoot } from '../core/git/find-repo-root.js';
import { projectSubdir } from '../core/git/project-subdir.js';
import { repositoryId } from '../core/git/repository-id.js';
import { GitError } from '../core/git/git-error.js';
import type { Profile, Target } from '../core/project/project-types.js';
import type { CommitSnapshot } from '../core/record/commit-snapshot.js';
import type { RecordCommitResult } from '../core/record/record-commit.js';
import { openStateStore, resolveStateConfig } from '../core/state/open-state-store.js';
import type { StateStore } from '../core/state/state-store.js';
import { flag, str, UsageError, type ParsedArgs } from './args.js';
import { stateTargetOf, targetStateKey } from './target-state-key.js';
import { withRenderProgress } from './render-progress.js';

/**
 * The state database for a project: AMP_DBT_STATE_URL, else the profile's `state:` block, else the
 * embedded SQLite file `.amp-dbt/state.db` in the project folder. A relative SQLite path is the project
 * folder's when the profile names it, and the current folder's when AMP_DBT_STATE_URL does (as a shell
 * reads any path it is given: `AMP_DBT_STATE_URL=sqlite:ci/state.db amp-dbt run --project-dir analytics`).
 */
export async function openStateForProject(projectDir: string, profile: Profile | null): Promise<StateStore> {
  const url = process.env.AMP_DBT_STATE_URL || undefined;
  const problem = url === undefined ? profile?.stateProblems?.[0] : undefined;
  if (problem) {
    // The profile's state: setting, unusable (not reported before: commands without state do not need it).
    throw new StateError(problem.code, problem.message, { location: problem, hint: problem.hint });
  }
  const config = resolveStateConfig({ url, profile: profile?.state });
  return openStateStore(config, { baseDir: stateBaseDir(projectDir) });
}

/** Where a relative SQLite state path is read from (see openStateForProject). */
export const stateBaseDir = (projectDir: string): string => (process.env.AMP_DBT_STATE_URL ? process.cwd() : projectDir);

/**
 * A repository key, and how amp-dbt spelled it before owner/name were lower-cased (`Acme/Shop`), when that
 * differs: records filed under that spelling are taken over (targetStateKey).
 */
export interface RepositoryKey {
  key: string;
  formerly?: string;
}

/**
 * The repository key of a project: AMP_DBT_REPO when set (taken whole), else the repository's (the `origin`
 * remote's owner/name, else the repository's path) followed by the project's folder in it when that is not
 * the root (`acme/warehouse/analytics`), so that two projects of one repository sharing a state database keep
 * their manifests and environments apart. The state database files records under it and the target
 * (targetStateKey: `acme/warehouse/analytics#dev`). AMP_DBT_REPO and owner/name are lower-cased, as GitHub
 * reads them (a clone of `Acme/Shop` through `git@github.com:acme/shop.git` is the same repository).
 */
export async function repositoryKey(repoRoot: string, projectDir: string): Promise<RepositoryKey> {
  if (process.env.AMP_DBT_REPO) return repoFromEnv();
  const repository = await repositoryId(repoRoot);
  const subdir = projectSubdir(repoRoot, projectDir);
  const within = (id: string) => (subdir === '' ? id : `${id}/${subdir}`);
  // The repository's path (no origin) keeps its case: paths are case-sensitive.
  return isAbsolute(repository) ? { key: within(repository) } : caseless(within(repository.toLowerCase()), within(repository));
}

const caseless = (key: string, written: string): RepositoryKey => (key === written ? { key } : { key, formerly: written });

/**
 * AMP_DBT_REPO, the repository key taken whole: without '#', which separates the target in the state's keys
 * (`acme/shop#ci` would name ci's records as a repository's and hand them to another target).
 */
function repoFromEnv(): RepositoryKey {
  const repo = process.env.AMP_DBT_REPO!;
  if (repo.includes('#')) {
    throw new StateError('invalid-repository-key', `AMP_DBT_REPO '${repo}' holds '#', which separates the target in the state database's keys`, {
      hint: `set AMP_DBT_REPO to the repository alone (${repo.slice(0, repo.indexOf('#'))}) and choose the target with --target`,
    });
  }
  return caseless(repo.toLowerCase(), repo);
}

/** The repository key of a project outside any git repository (run, status, test there): AMP_DBT_REPO, else its folder. */
export function keyOutsideGit(projectDir: string): RepositoryKey {
  return process.env.AMP_DBT_REPO ? repoFromEnv() : { key: projectDir };
}

/** Who moves environments and records commits: AMP_DBT_ACTOR, else GITHUB_ACTOR, else the login name. */
export function actorName(): string {
  if (process.env.AMP_DBT_ACTOR) return process.env.AMP_DBT_ACTOR;
  if (process.env.GITHUB_ACTOR) return process.env.GITHUB_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The project folder (see projectDirFrom); a commit or --to REF may name a project the working tree lost. */
function stateProjectDir(args: ParsedArgs): string {
  return projectDirFrom(args, str(args, 'commit') !== undefined || str(args, 'to') !== undefined);
}


/** Everything a state or env command works with. */
export interface StateSession {
  projectDir: string;
  /** The git repository holding the project (null outside one: then AMP_DBT_REPO names the repository). */
  repoRoot: string | null;
  /** The key the state database files the records under: `<repository>#<target>` (core/state/state-key.ts). */
  repo: string;
  /** The repository key (repositoryKey), what `--json` outputs call `repo`. */
  repository: string;
  /** The name of the target the records are made for (`--target`, else the profile's default). */
  target: string;
  /** Null when there is no profiles.yml, no --target and no target is needed (the embedded default's 'dev'). */
  profile: Profile | null;
  store: StateStore;
  actor: string;
}

/**
 * Opens the project's state database and names the key its records are filed under (the repository and
 * the target). The profile (for its `state:` block and the target) is read when there is a profiles.yml,
 * a --target, or `withProfile` asks for it; its name comes from `projectYaml` (the dbt_project.yml of a
 * commit) or the working tree's. Problems with profiles.yml go to `diagnostics`; the session is null then.
 */
export async function openStateSession(
  args: ParsedArgs, diagnostics: Diagnostics, options: { withProfile?: boolean; projectYaml?: string; outsideGit?: boolean } = {},
): Promise<StateSession | null> {
  const dir = stateProjectDir(args);
  const needsProfile = options.withProfile || hasProfilesFile(args, dir) || str(args, 'target') !== undefined;
  const profile = needsProfile ? await readProfile(args, dir, diagnostics, { projectYaml: options.projectYaml }) : null;
  if (diagnostics.hasErrors) return null;
  const repoRoot = findRepoRoot(dir);
  let repository: RepositoryKey;
  // A command that reads no commit (status, test) outside git: the key a run there records under.
  if (!repoRoot && !process.env.AMP_DBT_REPO && options.outsideGit) repository = keyOutsideGit(dir);
  else if (!repoRoot && !process.env.AMP_DBT_REPO) {
    throw new GitError('not-a-git-repository', `${dir} is not inside a git repository, so it has no repository key in the state database`, {
      hint: 'run amp-dbt inside a git repository, or set AMP_DBT_REPO=owner/name',
    });
  } else repository = repoRoot ? await repositoryKey(repoRoot, dir) : repoFromEnv();
  const store = await openStateForProject(dir, profile);
  try {
    const { key, target } = await targetStateKey(store, repository, stateTargetOf(profile));
    return { projectDir: dir, repoRoot, repo: key, repository: repository.key, target, profile, store, actor: actorName() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/**
 * A commit's manifest is compiled with the vars committed in its dbt_project.yml, so that every command (and
 * every machine) recording it stores the same one: `--vars` is refused where a commit is recorded or read.
 */
export function refuseVars(args: ParsedArgs, command: string): void {
  if (str(args, 'vars') !== undefined) {
    throw new UsageError(`--vars does not apply to ${command}: commits are recorded with the vars committed in their dbt_project.yml (--vars applies to compile, list, graph, run, test, seed and status)`);
  }
}

/** `--vars YAML` as a mapping (a usage error when it is not one). */
export async function varsOption(args: ParsedArgs): Promise<Record<string, unknown> | undefined> {
  if (str(args, 'vars') === undefined) return undefined;
  return (await import('./vars-option.js')).varsOption(args);
}

/** The subcommand (first positional) and its operands; usage errors for unknown ones or a wrong count. */
export function subcommand(
  args: ParsedArgs, operands: Record<string, readonly string[]>, optionsFor: Record<string, readonly string[]> = {},
): { name: string; operands: string[] } {
  const [name, ...rest] = args.positionals;
  const known = Object.keys(operands).join(', ');
  if (!name) throw new UsageError(`missing subcommand (one of: ${known})`);
  const expected = operands[name];
  if (!expected) throw new UsageError(`unknown subcommand '${name}' (one of: ${known})`);
  if (rest.length !== expected.length) {
    const wanted = expected.length ? expected.map((o) => o.toUpperCase()).join(' ') : 'no operands';
    throw new UsageError(`${name} takes ${wanted}${rest.length > expected.length ? `, got also '${rest[expected.length]}'` : ''}`);
  }
  // `optionsFor`: options that only some subcommands take (--limit of state runs, say).
  for (const [option, applies] of Object.entries(optionsFor)) {
    if (args.options[option] !== undefined && !applies.includes(name)) throw new UsageError(`--${option} applies to ${applies.join(' and ')} only`);
  }
  return { name, operands: rest };
}

/** A commit of the project and a state session whose profile is the one that commit's dbt_project.yml names. */
export interface CommitSession {
  session: StateSession;
  snapshot: CommitSnapshot;
  /** The profile's target: what the commit is compiled for when it is recorded. */
  target: Target;
}

/** Resolves `ref` in the project's repository, then opens the state session with that commit's profile. */
export async function openCommitSession(args: ParsedArgs, ref: string, diagnostics: Diagnostics): Promise<CommitSession | null> {
  const { openCommitSnapshot } = await import('../core/record/commit-snapshot.js');
  const snapshot = await openCommitSnapshot(stateProjectDir(args), ref);
  const oid = snapshot.tree.get('dbt_project.yml');
  const projectYaml = oid === undefined ? undefined : (await snapshot.readTexts([oid]))[0];
  const session = await openStateSession(args, diagnostics, { withProfile: true, projectYaml });
  return session && { session, snapshot, target: session.profile!.target };
}

/** Records the snapshot's commit for the session's target (incremental unless --full). */
export async function recordInSession({ session, snapshot, target }: CommitSession, args: ParsedArgs): Promise<RecordCommitResult> {
  const { recordCommit } = await import('../core/record/record-commit.js');
  return withRenderProgress(`recording ${snapshot.commit.slice(0, 12)}`, (onProgress) => recordCommit({
    store: session.store,
    repo: session.repo,
    projectDir: session.projectDir,
    ref: snapshot.commit,
    snapshot,
    target,
    env: process.env,
    incremental: !flag(args, 'full'),
    onProgress,
  }));
}
