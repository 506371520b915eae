import { DEFAULT_RUN_THREADS } from '../../core/project/project-types.js';
import { AmpDbtError, Diagnostics } from '../../core/errors.js';
import { GitError } from '../../core/git/git-error.js';
import { plural } from '../../core/util/plural.js';
import type { CompileResult } from '../../core/compile/compile-project.js';
import type { StateStore } from '../../core/state/state-store.js';
import type { Environment, Manifest } from '../../core/state/state-types.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { deployRun, type DeployRunReport } from '../../core/run/deploy-run.js';
import type { ModelOutcome } from '../../core/run/run-types.js';
import { PRODUCTION_ENVIRONMENT } from '../../core/run/environment-schema.js';
import { otherTargetsHint } from '../../core/environments/environment-errors.js';
import { otherTargets } from '../../core/environments/other-targets.js';
import { describeStateKey, stateKey } from '../../core/state/state-key.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { commitOptionHelp, commitOptions, projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, type Command } from '../command.js';
import { checkMovable, deployCommit, recordedAs, requiredMoveMissed, type DeployCommit } from '../deploy-commit.js';
import { openAndCompile } from '../open-project.js';
import { compileTests } from '../../core/test/compile-with-tests.js';
import { actorName, openStateForProject, openStateSession } from '../open-state.js';
import { cancelOnSignals } from '../run-cancellation.js';
import { shadowedRefWarning } from '../shadowed-ref.js';
import { failed, info, jsonErrorBody, printJson, printWarning, withCarriedOptions } from '../output.js';
import { runProgress, type LocateError } from '../run-progress.js';
import type { ModelFile } from '../../core/project/project-types.js';
import { varsOption } from '../vars-option.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  ...commitOptions,
  env: { kind: 'string' as const, short: 'e' },
  'full-refresh': { kind: 'boolean' as const },
  'require-move': { kind: 'boolean' as const },
  threads: { kind: 'string' as const },
  json: { kind: 'boolean' as const },
  // amp targets (cli/amp-run.ts)
  register: { kind: 'boolean' as const },
  deploy: { kind: 'boolean' as const },
  'end-block': { kind: 'string' as const },
};

export const command: Command = {
  name: 'run',
  summary: 'Build models on the warehouse (only fingerprints not built yet) and point an environment at them.',
  usage: 'amp-dbt run [--env NAME] [--select SEL...] [--exclude SEL...] [--full-refresh] [--threads N] [--commit REF] [--require-move] [--json]\n'
    + '       amp-dbt run --target AMP_TARGET [--env NAME] [--register] [--deploy] [--end-block B] [--select SEL...] [--exclude SEL...] [--commit REF] [--require-move] [--json]',
  help: `  -e, --env NAME       the environment to build (default: prod, whose views are the target's own schemas;
                       others get <schema>__<env>)
${selectionOptionsHelp}
  --full-refresh       rebuild the selected models' tables (incremental models from scratch, except those
                       configured full_refresh=false)
  --threads N          models built at once (default: the target's threads, else 4; not on an amp target)
${commitOptionHelp} (default: the working tree)
  --require-move       fail unless the environment's pointer moves to the run's commit (for CI): stop
                       before building anything when the working tree or --commit does not compile to a
                       commit as recorded (+dirty, +vars, +env), exit 1 when a run leaves the pointer
                       (a --select run with models of the commit unbuilt, nothing selected)
  --json               print the run's result as JSON on stdout
${varsOptionHelp}
${projectOptionsHelp}

A project that does not compile (its tests included: a test with an unknown ref or a Jinja error, as
'compile' reports them) builds nothing. Each model version is built once, into
amp_dbt_physical.<model>__<fp12> (a profile's physical_schema overrides the schema); an environment is a
schema of views over those. A run builds what is not built
yet (incremental models also take in new rows, altering their table when the rows' columns differ and
on_schema_change is append_new_columns or sync_all_columns, with the views reading it made again; tables
reading one that took in rows are rebuilt in place, with its new columns), then repoints the environment's views in one transaction.
A failed model skips its descendants, the others go on; the environment is left as it was and the exit
code is 1. The environment's pointer (amp-dbt env) moves to the commit only when every model of it is
built and nothing failed: from the working tree, when it compiles to HEAD's fingerprints (else the run is
recorded as <sha>+dirty, or <sha>+env when the files are HEAD's and env_var() values or the target's
settings differ from the recording's); with --commit, when the commit compiles to its recorded fingerprints (else, as
when env_var() values or the target's settings changed since it was recorded: <sha>+env). Environments,
manifests and runs are the target's own in the state database (--target, else the profile's): a run of
one target never moves another's.
Progress on stderr: a line per model as it finishes (not with --json); while models run, on a terminal a
live bar naming them with their elapsed time, otherwise a line for a model still running after 30 s and
every 60 s after ("... still running: fct_orders (1m30s)").

On an amp target (see docs/amp.md) each registered model is the derived dataset <namespace>/<model>,
version 0.0.0-fp<fp12> per fingerprint; only fingerprints the server has no version for are registered,
the environment is tagged as version 0.0.0-env.<env> on each manifest hash once every model succeeded,
and models with register: false run as ad-hoc queries. An ad-hoc query reads each registered model it
depends on that the run reuses (or leaves out, when the server has its version) and whose newest job is
RUNNING or COMPLETED from its dataset ("<namespace>/<model>@0.0.0-fp<fp12>".<model>) instead of computing
it again; others (registered by the run, or with no job) are inlined as CTEs, as compile writes them.
Non-incremental SQL in a registered model is an error, and --full-refresh is refused (Amp keeps derived
datasets up to date itself).

Options on an amp target:
  --register           register and tag only; start no jobs
  --deploy             also start a job for each manifest hash that has none (the default)
  --end-block B        where new jobs stop: latest, a block number, or -N behind the latest
                       (default: the model's end_block config, else never)`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const environment = str(args, 'env') ?? PRODUCTION_ENVIRONMENT;
    const json = flag(args, 'json');
    const threadsOption = str(args, 'threads');
    if (threadsOption !== undefined && !/^[1-9]\d*$/.test(threadsOption)) throw new UsageError(`--threads takes a positive whole number, not '${threadsOption}'`);
    const compiled = await openAndCompile(args).catch(async (error: unknown) => { throw await environmentRefError(args, error); });
    const { result, profile } = compiled;
    // As `compile` does (and dbt's parse): a broken test stops the run before anything is built.
    if (result && profile) compileTests(result, compiled.compileOptions!, compiled.diagnostics);
    if (!result || !profile || compiled.diagnostics.hasErrors) {
      for (const warning of compiled.warnings) printWarning(warning);
      return failed(compiled.diagnostics.sorted(), json);
    }
    const requireMove = flag(args, 'require-move');
    if (compiled.selected.length === 0) {
      nothingSelected(compiled.warnings, environment, json);
      return requireMove ? requiredMoveMissed({ moved: false, notMoved: NOTHING_SELECTED, status: 'success' }, environment) : 0;
    }
    if (profile.target.type === 'amp') return (await import('../amp-run.js')).runOnAmp(args, argv, compiled, environment);
    if (flag(args, 'register') || flag(args, 'deploy') || str(args, 'end-block') !== undefined) throw new UsageError('--register, --deploy and --end-block apply to amp targets only');
    for (const warning of [...compiled.warnings, ...hookWarnings(result)]) printWarning(warning);
    const target = profile.target;
    const threads = Number(threadsOption ?? (typeof target.threads === 'number' && target.threads > 1 ? target.threads : DEFAULT_RUN_THREADS));
    const projectDir = result.project.root;
    const store = await openStateForProject(projectDir, profile);
    try {
      const deploy = await deployCommit({ store, projectDir, result, profile, vars: varsOption(args), commit: str(args, 'commit') });
      if (requireMove) checkMovable(deploy, environment);
      await warnIfOtherTargetsOnly(store, deploy.repo, environment);
      const adapter = await openWarehouse(target, { baseDir: projectDir, threads });
      try {
        const total = result.models.filter((m) => m.materialized !== 'ephemeral').length;
        const chosen = new Set(compiled.selected);
        const selectedCount = result.models.filter((m) => m.materialized !== 'ephemeral' && chosen.has(m.name)).length;
        const what = selectedCount === total ? `${total} models` : `${selectedCount} selected of ${total} models`;
        // Said once the environment's lock is held: a run another one locks out says only why.
        let runId: number | null = null;
        const onStart = ({ runId: id, abandoned }: { runId: number; abandoned: number }) => {
          runId = id;
          if (json) return;
          if (abandoned > 0) info(`${plural(abandoned, 'earlier run')} of environment '${environment}' recorded as running had no live lease (their process is gone): now recorded as abandoned`);
          info(`running ${what} on ${target.type} (${adapter.location}) into environment '${environment}' with ${plural(threads, 'thread')}`);
        };
        const shown = runProgress(total, json, await errorLocator(result.project.models));
        // The models' results so far, for the summary of a run that stops after them (see stoppedRun).
        const outcomes: ModelOutcome[] = [];
        const progress = { ...shown, finished: (o: ModelOutcome) => { outcomes.push(o); shown.finished(o); } };
        const cancel = cancelOnSignals(() => {
          progress.close();
          info('cancelling: no further model starts; waiting for the running ones (Ctrl-C again to quit at once)');
        });
        cancel.onQuit(() => adapter.interrupt());
        const before = await store.getEnvironment(deploy.repo, environment);
        const previous = await currentModels(store, deploy.repo, before);
        const report = await deployRun({
          result, adapter, environment, selected: new Set(compiled.selected), fullRefresh: flag(args, 'full-refresh'), threads, progress, signal: cancel.signal, previous,
          store, ...deploy, actor: actorName(), command: ['run', ...argv].join(' '), onAbandon: cancel.onAbandon, onStart,
        }).catch((error: unknown) => {
          progress.close();
          cancel.dispose();
          // Stopped once recorded (its views could not be updated, say): the summary says what it did before the
          // error; with --json, the run's report (its runId) with the error.
          if (runId === null) throw error;
          const stopped = stoppedRun(runId, outcomes, before);
          if (!json) summarize(stopped, environment);
          else if (error instanceof AmpDbtError) {
            printJson({ ...runJson(stopped, environment, deploy), error: jsonErrorBody(error.toDiagnostic()) });
            return null;
          }
          throw error;
        });
        if (report === null) return 1;
        progress.close();
        cancel.dispose();
        if (report.moved && previous === undefined) {
          const shadowed = shadowedRefWarning(result.project.root, environment);
          if (shadowed) printWarning(shadowed);
        }
        if (json) printJson(runJson(report, environment, deploy));
        else summarize(report, environment);
        if (cancel.signal.aborted) return 130;
        if (requireMove && requiredMoveMissed(report, environment)) return 1;
        return report.status === 'success' ? 0 : 1;
      } finally {
        await adapter.close();
      }
    } finally {
      await store.close();
    }
  },
};

/**
 * --commit takes a git ref, where plan and env create also read an environment's name: when git does not know
 * the ref and it names an environment (of this target, or only of others), the hint says which commit to pass.
 */
async function environmentRefError(args: ParsedArgs, error: unknown): Promise<unknown> {
  const ref = str(args, 'commit');
  if (ref === undefined || !(error instanceof GitError) || error.code !== 'unknown-commit') return error;
  let session;
  try {
    session = await openStateSession(args, new Diagnostics());
  } catch {
    return error;
  }
  if (!session) return error;
  try {
    const environment = await session.store.getEnvironment(session.repo, ref);
    const commitOf = (sha: string) => `run --commit takes a git ref; pass --commit ${sha.slice(0, 12)}`;
    if (environment) {
      const hint = `'${ref}' is an environment of ${describeStateKey(session.repo)}, at ${environment.commit.slice(0, 12)}: ${commitOf(environment.commit)}`;
      return new GitError('unknown-commit', error.message, { hint, cause: error });
    }
    const [other] = (await otherTargets(session.store, session.repo, ref)).targets;
    const elsewhere = other === undefined ? null : await session.store.getEnvironment(stateKey(session.repository, other).key, ref);
    if (!elsewhere) return error;
    const hint = `target '${other}' has an environment '${ref}', at ${elsewhere.commit.slice(0, 12)}: ${commitOf(elsewhere.commit)} (with --target ${other} to build on that target)`;
    return new GitError('unknown-commit', error.message, { hint, cause: error });
  } catch {
    return error;
  } finally {
    await session.store.close();
  }
}

/**
 * A run creates the environment when the target has none of that name: when only another target has one, the
 * run may be missing --target (records are kept per target), so it says so before building.
 */
async function warnIfOtherTargetsOnly(store: StateStore, repo: string, environment: string): Promise<void> {
  if (await store.getEnvironment(repo, environment)) return;
  const hint = otherTargetsHint(environment, (await otherTargets(store, repo, environment)).targets);
  if (hint) printWarning(`environment '${environment}' does not exist for ${describeStateKey(repo)}, so it is run as a new environment: ${hint}`);
}

/** The models the environment shows now (its commit's), whose views in schemas the run's commit no longer uses are dropped. */
async function currentModels(store: StateStore, repo: string, current: Environment | null): Promise<Manifest['models'] | undefined> {
  return current ? (await store.getManifest(repo, current.commit))?.models : undefined;
}

/** Models whose pre_hook or post_hook config would be ignored: named once, as a warning. */
function hookWarnings(result: CompileResult): string[] {
  const hooked = result.models.filter((m) => (m.config.pre_hook as unknown[] | undefined)?.length || (m.config.post_hook as unknown[] | undefined)?.length).map((m) => m.name);
  if (hooked.length === 0) return [];
  const names = hooked.length > 3 ? `${hooked.slice(0, 3).join(', ')} and ${hooked.length - 3} more` : hooked.join(', ');
  return [`pre_hook and post_hook configs are not run by amp-dbt (${names})`];
}

/**
 * --select / --exclude chose no model: as dbt does, nothing is run, and the environment is neither created
 * nor moved (a run would otherwise point it at the commit with nothing built for the selection).
 */
const NOTHING_SELECTED = 'no model is selected (--select and --exclude chose none)';

function nothingSelected(warnings: string[], environment: string, json: boolean): void {
  const reason = NOTHING_SELECTED;
  // On stderr with --json too: a misspelled selector's did-you-mean is why nothing ran.
  for (const warning of warnings) printWarning(warning);
  if (json) {
    printJson({ repo: null, environment, runId: null, status: 'nothing-selected', complete: false, commit: null, recordedAs: null, moved: false, notMoved: reason, views: null, models: [] });
  } else {
    info(`nothing to run: ${reason}; environment '${environment}' left as it was`);
  }
}

/** `commit` is where the environment's pointer is after the run; `recordedAs` what the run is of (see recordedAs). */
function runJson(report: DeployRunReport, environment: string, deploy: DeployCommit) {
  const { repository, target } = deploy.stateKey;
  return {
    repo: repository, target, environment, runId: report.runId, status: report.status, complete: report.complete,
    commit: report.environment?.commit ?? null, recordedAs: recordedAs(deploy), moved: report.moved, notMoved: report.notMoved,
    // A hint in a model's error names its command with this invocation's options, as the text lines do.
    views: report.views, models: report.outcomes.map((o) => (o.error ? { ...o, error: withCarriedOptions(o.error) } : o)),
  };
}

/**
 * Where a failed model's error points in its file: the column, table or function the warehouse names
 * (DuckDB's and PostgreSQL's own positions are in the SQL amp-dbt ran, with physical names, not the file);
 * a table written as `{{ ref('countries') }}` (a seed not loaded, say) at that ref.
 */
async function errorLocator(models: readonly ModelFile[]): Promise<LocateError> {
  const { parseBinderError } = await import('../../core/check/binder-error.js');
  const { identifierPosition } = await import('../../core/amp/check/locate-server-error.js');
  const { positionAt } = await import('../../core/util/text-position.js');
  const files = new Map(models.map((m) => [m.name, m]));
  const refTo = (file: ModelFile, table: string) => {
    const name = table.split('.').pop()!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = new RegExp(`\\bref\\(\\s*(?:'[^']*'\\s*,\\s*|"[^"]*"\\s*,\\s*)?['"]${name}['"]\\s*\\)`, 'i').exec(file.content);
    return found ? positionAt(file.content, found.index) : null;
  };
  return (o) => {
    const file = files.get(o.model);
    const error = o.error ? parseBinderError(o.error.split('\n', 1)[0]) : undefined;
    if (!file || !error?.identifier) return null;
    return identifierPosition(file, error.identifier) ?? (error.kind === 'table' ? refTo(file, error.identifier) : null);
  };
}

/** The report of a recorded run that stopped at an error (recorded as error): the environment was left as it was. */
function stoppedRun(runId: number, outcomes: ModelOutcome[], before: DeployRunReport['environment']): DeployRunReport {
  return {
    runId, status: 'error', outcomes, steps: [], failed: true, complete: false, views: null, environment: before, moved: false,
    notMoved: 'the run stopped at the error below',
  };
}

function summarize(report: DeployRunReport, environment: string): void {
  const count = (status: string) => report.outcomes.filter((o) => o.status === status).length;
  const succeeded = (action: string) => report.outcomes.filter((o) => o.status === 'success' && o.action === action).length;
  const built = succeeded('build');
  const rebuilt = succeeded('rebuild') ? `, ${succeeded('rebuild')} rebuilt in place` : '';
  const incremental = succeeded('incremental');
  const updated = incremental ? `, ${incremental} incremental updated` : '';
  // Models a selection left out and that were never built are not skipped work: counted apart.
  const unselected = report.outcomes.filter((o) => o.status === 'skipped' && o.action === 'unbuilt').length;
  const notSelected = unselected ? `, ${unselected} not selected (never built)` : '';
  const meanwhile = report.outcomes.filter((o) => o.builtMeanwhile).length;
  const reused = `${count('reused')} reused${meanwhile ? ` (${meanwhile} built by another run meanwhile)` : ''}`;
  info(`\nrun ${report.runId} ${report.status}: ${built} built${rebuilt}${updated}, ${reused}, ${count('error')} failed, ${count('skipped') - unselected} skipped${notSelected}`);
  const exists = Boolean(report.environment);
  if (report.views) {
    const names = report.views.dropped;
    const dropped = names.length ? `, ${names.length} dropped (${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''})` : '';
    info(`environment '${environment}': ${plural(report.views.updated, 'view')} updated${dropped}`);
  } else if (exists) {
    // An incremental model's table is shared by every environment showing its version: its new rows show at once.
    const shared = incremental ? ` (the new rows of ${plural(incremental, 'incremental table')} show through views that read them)` : '';
    info(`environment '${environment}': views left as they were${shared}`);
  }
  if (report.moved) info(`environment '${environment}' now points at ${report.environment!.commit.slice(0, 12)}`);
  else if (report.notMoved) {
    // Views made for an environment the state database cannot record (outside git): they are there, the record is not.
    const missing = report.views ? 'not recorded (its views stay in the warehouse)' : 'not created';
    info(exists ? `environment '${environment}' pointer not moved: ${report.notMoved}` : `environment '${environment}' ${missing}: ${report.notMoved}`);
  }
  else if (report.status === 'success' && report.environment) info(`environment '${environment}' already points at ${report.environment.commit.slice(0, 12)}`);
}
