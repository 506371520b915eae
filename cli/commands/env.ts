import { plural } from '../../core/util/plural.js';
import { createEnvironment } from '../../core/environments/create-environment.js';
import { deleteEnvironment } from '../../core/environments/delete-environment.js';
import { environmentHistory } from '../../core/environments/environment-history.js';
import type { PointerMove } from '../../core/environments/move-pointer.js';
import { promoteEnvironment } from '../../core/environments/promote-environment.js';
import { requireEnvironment } from '../../core/environments/require-environment.js';
import { rollbackEnvironment } from '../../core/environments/rollback-environment.js';
import { PRODUCTION_ENVIRONMENT } from '../../core/run/environment-schema.js';
import { productionDeleteError } from '../../core/environments/environment-errors.js';
import { unknownRefError } from '../../core/environments/other-target-ref-error.js';
import { showEnvironment } from '../../core/environments/show-environment.js';
import { Diagnostics } from '../../core/errors.js';
import { GitError } from '../../core/git/git-error.js';
import { recordedCommitByPrefix } from '../../core/state/recorded-commit-by-prefix.js';
import type { RecordCommitResult } from '../../core/record/record-commit.js';
import type { EnvironmentMove } from '../../core/state/state-types.js';
import type { ViewSwap } from '../../core/run/environment-views.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, type Command } from '../command.js';
import { withWorktreeStateNote } from '../worktree-state-note.js';
import { openCommitSession, openStateSession, recordInSession, refuseVars, subcommand, type StateSession } from '../open-state.js';
import { failed, info, jsonError, printDiagnostics, printJson, printWarning } from '../output.js';
import { listEnvironments } from '../env-list.js';
import { shadowedRefWarning } from '../shadowed-ref.js';
import { stateKeyJson } from '../target-state-key.js';
import { envSubcommands } from './env-help.js';
import { describeRecording, printRecordingWarnings, recordJson } from './state.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  commit: { kind: 'string' as const },
  to: { kind: 'string' as const },
  expect: { kind: 'string' as const },
  'from-commit': { kind: 'string' as const },
  full: { kind: 'boolean' as const },
  force: { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

/** Operands of each subcommand. */
const subcommands = {
  list: [], show: ['name'], create: ['name'], promote: ['from', 'to'], rollback: ['name'], history: ['name'], delete: ['name'],
} as const;

/** Options that only some subcommands take. */
const subcommandOptions: Record<string, readonly string[]> = { commit: ['create'], to: ['rollback'], expect: ['promote'], 'from-commit': ['promote'], full: ['create', 'rollback'], force: ['delete'] };

export const command: Command = {
  name: 'env',
  summary: 'Environments: named pointers (prod, pr-123, dev-alice) at recorded commits; every move is kept.',
  usage: [
    'amp-dbt env list [--json]',
    'amp-dbt env show NAME [--json]',
    'amp-dbt env create NAME [--commit REF|ENV] [--full] [--json]',
    'amp-dbt env promote FROM TO [--expect SHA] [--from-commit SHA] [--json]',
    'amp-dbt env rollback NAME [--to REF|ENV] [--full] [--json]',
    'amp-dbt env history NAME [--json]',
    'amp-dbt env delete NAME [--force] [--json]',
  ].join('\n       '),
  help: `  --commit REF|ENV     create: the commit to point at (default: HEAD): another environment's commit, or a
                       git commit, branch or tag (recorded first when needed; a full sha that is recorded
                       needs no git, as in a shallow CI clone)
  --to REF|ENV         rollback: the commit to move to, read as --commit is
  --expect SHA         promote: the commit TO must still point at (from a plan); stale-plan otherwise
  --from-commit SHA    promote: the commit FROM must still point at (the commit the plan was of);
                       stale-plan otherwise
  --full               when a commit is recorded, render every model (see 'amp-dbt state record')
  --force              delete: also the production environment (prod), whose views its readers query
  --json               print the result as JSON on stdout (errors as {"error": {code, message, hint}})
${projectOptionsHelp}

Subcommands:
  list                 every environment of the repository for the target, by name; on stderr, the other
                       targets that have some ({"repo", "target", "environments", "otherTargets"} with --json)
  show NAME            where NAME points, whether that commit is recorded, its last move and lock holder
  create NAME          a new environment at --commit (default: HEAD); records the commit first when it is
                       not recorded (a project with errors gets no environment)
  promote FROM TO      move TO to the commit FROM points at: a compare-and-swap on TO's current commit
                       (or --expect), holding TO's environment lock; with --from-commit, only if FROM
                       still points at that commit. To apply a plan ('amp-dbt plan --env TO --commit FROM
                       --json'): --expect its "from" and --from-commit its "to"; a plan of a TO that
                       does not exist ("from": null) is applied with 'env create TO --commit <its "to">'
  rollback NAME        move NAME to --to REF, or back to where it pointed before its last move
  history NAME         every move of NAME, newest first
  delete NAME          remove NAME and its history (and on a warehouse, its views); prod needs --force

On a duckdb or postgres target that runs have built into (amp-dbt run), create, promote and rollback also
point the environment's views (its schema: the target's for prod, <schema>__<env> for others) at the
commit's built model versions, under the environment's lock, before the pointer moves: nothing is rebuilt
and no row is copied. A commit with a version no run has built is refused (not-built; run it first).
On an amp target they tag the environment's version (0.0.0-env.<name>) on the manifest hashes the
commit's models were registered at: nothing is registered or deployed.

Environments are kept per target (--target, else the profile's): each target has its own, its own prod
included, as it builds into its own warehouse.

Names use letters, digits, '.', '_' and '-'. The actor recorded with each move is AMP_DBT_ACTOR, else
GITHUB_ACTOR, else the login name. Errors: environment-not-found (with a did-you-mean), environment-exists,
invalid-environment-name (also HEAD), environment-name-clash (a name equal to another's but for letter
case), stale-plan (the pointer moved since it was read; with --from-commit, FROM's), lock-held (someone
holds the environment's lock: env show NAME shows who, until when), nothing-to-roll-back, not-built,
production-environment (delete prod without --force).`,
  options,
  subcommands: envSubcommands,
  async run(argv) {
    const args = parseArgs(argv, options);
    const { name, operands } = subcommand(args, subcommands, subcommandOptions);
    refuseVars(args, `env ${name}`);
    const json = flag(args, 'json');
    try {
      if (name === 'create' || (name === 'rollback' && str(args, 'to') !== undefined)) return await withCommit(args, name, operands[0]);
      const diagnostics = new Diagnostics();
      const session = await openStateSession(args, diagnostics, { withProfile: name === 'promote' || name === 'rollback' || name === 'delete' });
      if (!session) return failed(diagnostics.sorted(), json);
      try {
        return await run(session, name, operands, args);
      } catch (error) {
        // The environment asked for may be the main worktree's, in another state database.
        throw withWorktreeStateNote(error, session);
      } finally {
        await session.store.close();
      }
    } catch (error) {
      return jsonError(error, json);
    }
  },
};

async function run(session: StateSession, name: string, operands: string[], args: ParsedArgs): Promise<number> {
  const { store, repo, actor } = session;
  const json = flag(args, 'json');
  switch (name) {
    case 'list':
      return listEnvironments(session, json);
    case 'show': {
      const details = await showEnvironment(store, repo, operands[0]);
      if (json) printJson({ ...stateKeyJson(session), ...details.environment, recorded: details.recorded, lastMove: details.lastMove, lock: details.lock });
      else {
        const { environment: e, lastMove, lock } = details;
        process.stdout.write(`${e.name}: ${e.commit} (${details.recorded ? 'recorded' : 'not recorded'})\n`);
        process.stdout.write(`  created ${e.createdAt}; moved ${e.updatedAt} by ${e.updatedBy}${lastMove ? ` (${lastMove.reason})` : ''}\n`);
        if (lock) process.stdout.write(`  locked by ${lock.owner} until ${lock.expiresAt}\n`);
      }
      return 0;
    }
    case 'promote': {
      const expected = str(args, 'expect');
      if (expected !== undefined && !/^[0-9a-f]{4,40}$/i.test(expected)) {
        throw new UsageError(`--expect takes the commit sha ${operands[1]} pointed at when the plan was made (the "from" of 'amp-dbt plan --env ${operands[1]} --json'), not '${expected}'`
          + (expected === 'null' || expected === '' ? `; a plan of an environment that does not exist yet ("from": null) is applied with 'amp-dbt env create ${operands[1]} --commit <its "to">'` : ''));
      }
      const expectedFrom = str(args, 'from-commit');
      if (expectedFrom !== undefined && !/^[0-9a-f]{4,40}$/i.test(expectedFrom)) {
        throw new UsageError(`--from-commit takes the commit sha ${operands[0]} pointed at when the plan was made (the "to" of 'amp-dbt plan --env ${operands[1]} --commit ${operands[0]} --json'), not '${expectedFrom}'`);
      }
      const views = await viewsOf(session, operands[1]);
      try {
        const moved = await promoteEnvironment(store, repo, { from: operands[0], to: operands[1], actor, expected, expectedFrom, beforeMove: views.beforeMove });
        return reportMove(session, moved, json, `promoted ${moved.from} to ${moved.environment.name}`, views.swap);
      } finally {
        await views.close();
      }
    }
    case 'rollback': {
      const views = await viewsOf(session, operands[0]);
      try {
        const moved = await rollbackEnvironment(store, repo, { name: operands[0], actor, beforeMove: views.beforeMove });
        return reportMove(session, moved, json, `rolled back ${moved.environment.name}`, views.swap);
      } finally {
        await views.close();
      }
    }
    case 'history': {
      const moves = await environmentHistory(store, repo, operands[0]);
      if (json) printJson({ ...stateKeyJson(session), environment: operands[0], moves });
      else for (const m of moves) process.stdout.write(historyLine(m));
      return 0;
    }
    default: {
      if (operands[0] === PRODUCTION_ENVIRONMENT && !flag(args, 'force')) throw productionDeleteError(operands[0]);
      const views = await viewsOf(session, operands[0]);
      let dropped: string[] = [];
      try {
        const drop = views.dropViews;
        const deleted = await deleteEnvironment(store, repo, operands[0], actor, drop && (async (e) => { dropped = await drop(e.commit); }));
        const what = session.profile?.target.type === 'amp' ? `removed its ${plural(dropped.length, 'version tag')} on Amp` : `dropped its ${plural(dropped.length, 'view')}`;
        if (json) printJson({ ...stateKeyJson(session), deleted, droppedViews: dropped });
        else info(`deleted environment ${deleted.name} (was at ${short(deleted.commit)}) and its history${dropped.length ? `; ${what}` : ''}`);
        return 0;
      } finally {
        await views.close();
      }
    }
  }
}

/**
 * The commit `env create --commit REF` and `env rollback --to REF` name, as diff and plan read a REF: an
 * environment's commit first, else a full sha the state database has recorded (neither needs git: a
 * shallow CI clone may lack the commit), else a git commit, branch or tag, recorded now if needed, else
 * (git lacks it) a recorded commit an abbreviated sha names. A name
 * that is none of these but an environment of another target is an error that says so (pass --target).
 */
interface TargetCommit {
  session: StateSession;
  sha: string;
  /** Records the commit when the store has no manifest of it (null: nothing to record). */
  recordIfNeeded(): Promise<RecordCommitResult | null>;
}

async function targetCommit(args: ParsedArgs, ref: string, diagnostics: Diagnostics): Promise<TargetCommit | null> {
  const session = await openStateSession(args, diagnostics, { withProfile: true });
  if (!session) return null;
  let kept = false;
  try {
    let sha = (await session.store.getEnvironment(session.repo, ref))?.commit;
    if (sha === undefined && /^[0-9a-f]{40}$/.test(ref)) sha = ref;
    if (sha !== undefined && await session.store.hasManifest(session.repo, sha)) {
      kept = true;
      return { session, sha, recordIfNeeded: async () => null };
    }
    // Read from git. A name git does not know, and no environment of this target, may be another target's environment.
    const opened = await openCommitSession(args, sha ?? ref, diagnostics).catch(async (error: unknown) => {
      if (sha !== undefined) throw error;
      // An abbreviated sha git lacks may name a recorded commit, as a full one does.
      const recorded = error instanceof GitError && error.code === 'unknown-commit' ? await recordedCommitByPrefix(session.store, session.repo, ref) : null;
      // In a linked worktree with a state database of its own, the environment may be the main worktree's.
      if (recorded === null) throw withWorktreeStateNote(await unknownRefError(session.store, session.repo, ref, error), session);
      return { recorded };
    });
    if (opened && 'recorded' in opened) {
      kept = true;
      return { session, sha: opened.recorded, recordIfNeeded: async () => null };
    }
    if (!opened) return null;
    return {
      session: opened.session,
      sha: opened.snapshot.commit,
      recordIfNeeded: async () => (await opened.session.store.hasManifest(opened.session.repo, opened.snapshot.commit) ? null : recordInSession(opened, args)),
    };
  } finally {
    if (!kept) await session.store.close();
  }
}

/** create, and rollback --to: the commit read as targetCommit reads it, recorded first when needed. */
async function withCommit(args: ParsedArgs, name: 'create' | 'rollback', environment: string): Promise<number> {
  const diagnostics = new Diagnostics();
  const target = await targetCommit(args, (name === 'create' ? str(args, 'commit') : str(args, 'to')) ?? 'HEAD', diagnostics);
  if (!target) return failed(diagnostics.sorted(), flag(args, 'json'));
  const { session, sha } = target;
  const json = flag(args, 'json');
  try {
    if (name === 'rollback') {
      await requireEnvironment(session.store, session.repo, environment).catch((error: unknown) => {
        throw withWorktreeStateNote(error, session);
      });
      const recording = await target.recordIfNeeded();
      if (recording && recording.errors.length > 0) return recordFailed(recording, session, json);
      const views = await viewsOf(session, environment);
      try {
        const moved = await rollbackEnvironment(session.store, session.repo, { name: environment, actor: session.actor, to: sha, beforeMove: views.beforeMove });
        return reportMove(session, moved, json, `rolled back ${moved.environment.name}`, views.swap);
      } finally {
        await views.close();
      }
    }
    const views = await viewsOf(session, environment);
    try {
      const created = await createEnvironment(session.store, session.repo, {
        name: environment, commit: sha, actor: session.actor,
        record: async () => (await target.recordIfNeeded())!,
        beforeCreate: views.beforeMove && (() => views.beforeMove!(sha)),
      });
      if (!created.environment) return recordFailed(created.recording!, session, json);
      const swap = views.swap.current;
      const shadowed = session.repoRoot ? shadowedRefWarning(session.repoRoot, environment) : null;
      if (shadowed) printWarning(shadowed);
      if (json) printJson({ ...stateKeyJson(session), environment: created.environment, recording: created.recording && recordJson(created.recording, session, null), views: swap });
      else {
        if (created.recording) {
          info(describeRecording(created.recording));
          printRecordingWarnings(created.recording);
        }
        info(`created environment ${created.environment.name} at ${short(created.environment.commit)}`);
        const made = views.swap.thing === 'view' ? 'over built model versions' : views.swap.verb;
        if (swap) info(`  ${plural(swap.updated, views.swap.thing)} ${made}; nothing rebuilt, no rows copied`);
      }
      return 0;
    } finally {
      await views.close();
    }
  } finally {
    await session.store.close();
  }
}

function recordFailed(recording: RecordCommitResult, session: StateSession, json: boolean): number {
  // With --json the errors are in the JSON alone, as state record's are.
  if (json) printJson({ ...stateKeyJson(session), environment: null, recording: recordJson(recording, session, null) });
  else info(describeRecording(recording));
  printDiagnostics(recording.errors);
  return 1;
}

/** On a SQL warehouse runs built into, a move repoints the environment's views too (see viewRepointer). */
async function viewsOf(session: StateSession, environment: string) {
  const views: {
    beforeMove?: (to: string) => Promise<void>; dropViews?: (at: string) => Promise<string[]>;
    swap: ChangedObjects; close: () => Promise<void>;
  } = {
    swap: { current: null, thing: 'view', verb: 'repointed' }, close: async () => undefined,
  };
  if (!session.profile) return views;
  if (session.profile.target.type === 'amp') Object.assign(views.swap, { thing: 'Amp dataset', verb: 'tagged' });
  const { viewRepointer } = await import('../environment-warehouse.js');
  const repointer = viewRepointer(session.store, session.repo, session.projectDir, session.profile.target, environment, (swap) => { views.swap.current = swap; });
  if (repointer) Object.assign(views, repointer);
  return views;
}

function reportMove(
  session: StateSession, moved: PointerMove & { from?: string }, json: boolean, what: string, views: ChangedObjects = { current: null, thing: 'view', verb: 'repointed' },
): number {
  const { environment, previous, move } = moved;
  const swap = views.current;
  if (json) printJson({ ...stateKeyJson(session), environment, ...(moved.from ? { from: moved.from } : {}), previous, moved: move !== null, move, views: swap });
  else if (!move) info(`${environment.name} already points at ${short(environment.commit)}: nothing to do`);
  else {
    info(`${what}: ${short(previous)} -> ${short(environment.commit)}`);
    if (swap) info(`  ${plural(swap.updated, views.thing)} ${views.verb}${swap.dropped.length ? `, ${swap.dropped.length} dropped` : ''}; nothing rebuilt, no rows copied`);
  }
  return 0;
}

const short = (sha: string) => sha.slice(0, 12);

/** What a move changed on the warehouse (views repointed, or Amp datasets tagged), as it is counted. */
interface ChangedObjects {
  current: ViewSwap | null;
  thing: string;
  verb: string;
}

function historyLine(m: EnvironmentMove): string {
  return `${m.movedAt}\t${m.reason}\t${m.from ? short(m.from) : '(new)'} -> ${short(m.to)}\t${m.actor}\n`;
}
