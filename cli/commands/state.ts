import { describeAlteration, recordedAlteration } from '../../core/run/describe-alteration.js';
import { plural } from '../../core/util/plural.js';
import { Diagnostics, formatWarning } from '../../core/errors.js';
import type { RecordCommitResult } from '../../core/record/record-commit.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { runNotFoundError } from '../../core/state/state-error.js';
import { projectOptions, projectOptionsHelp, varsOptions, type Command } from '../command.js';
import { openCommitSession, openStateSession, recordInSession, refuseVars, subcommand, type CommitSession } from '../open-state.js';
import { uncommittedFiles } from '../../core/record/uncommitted-files.js';
import { diskFileSource } from '../../core/util/file-source.js';
import { failed, info, jsonError, printDiagnostics, printJson, printWarning, withCarriedOptions } from '../output.js';
import { stateKeyJson } from '../target-state-key.js';
import { stateSubcommands } from './state-help.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  commit: { kind: 'string' as const },
  env: { kind: 'string' as const, short: 'e' },
  limit: { kind: 'string' as const },
  full: { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

/** A recorded run's commit, short: `1a2b3c4d5e6f`, `1a2b3c4d5e6f+dirty` (a working tree), `working-tree` as it is. */
function shortCommit(commit: string): string {
  const match = /^([0-9a-f]{40})(\+.*)?$/.exec(commit);
  return match ? match[1].slice(0, 12) + (match[2] ?? '') : commit;
}

export const command: Command = {
  name: 'state',
  summary: "The state database: record a commit's manifest (what environments point at, diffs and plans compare); read the run history.",
  usage: 'amp-dbt state record [--commit REF] [--full] [--json]\n       amp-dbt state runs [--env NAME] [--limit N] [--json]\n       amp-dbt state run ID [--json]',
  help: `  --commit REF         the commit, branch or tag to record (default: HEAD); read from git, no checkout
  --full               render every model, ignoring recorded ancestors
  -e, --env NAME       runs: only the runs of this environment
  --limit N            runs: how many, newest first (default 20)
  --json               record: print {"commit", "recorded", "alreadyRecorded", "recordedAgain",
                       "replacedRevision", "repo", "target", "projectName", "models", "mode", "base",
                       "reason", "rendered", "reused", "durationMs", "errors", "warnings"} on
                       stdout; runs: {"repo", "target", "runs"} (each run's "processGone": running with no
                       live lease, so killed); run ID: the run with its "models"
${projectOptionsHelp}

Subcommands:
  record               compile the project as of a commit and store its manifest (every model's path, blob id,
                       config, refs, canonical SQL, fingerprint, columns; macros and vars used). Recording a
                       commit again does nothing. When an ancestor (first parents, up to 64 back) is recorded,
                       only models whose file, macros or vars changed are rendered again; the rest are reused
                       and fingerprints recomputed down the graph. A changed property file, profiles.yml or
                       dbt_project.yml setting (other than vars) renders every model. Recording without
                       --commit while the project's files have uncommitted changes, a note on stderr says
                       the manifest is HEAD's (amp-dbt diff --base HEAD --head working-tree shows the edits).
  runs                 the job history: runs (amp-dbt run) newest first, with environment, commit, who,
                       status and when
  run ID               one run with every model's result: status, rows, duration, error, and on Amp the
                       dataset, manifest hash and job id

The state database is AMP_DBT_STATE_URL (sqlite:PATH, relative to the current folder, or postgres://...),
else the profile's 'state:' block (relative to the project folder), else .amp-dbt/state.db in the project folder. The repository key is AMP_DBT_REPO, else the owner/name of
the 'origin' remote (else the repository's path) followed by the project's folder when it is not at the
repository's root; AMP_DBT_REPO and owner/name are lower-cased, as GitHub reads them. Records are kept per target, under <repository key>#<target> (--target, else the
profile's): each target has its own manifests, environments and runs. Records made before targets were
part of the key are taken over by the profile's default target. A commit whose project has errors is not recorded: the
errors are printed as file:line:col and the exit code is 1.`,
  options,
  subcommands: stateSubcommands,
  async run(argv) {
    const args = parseArgs(argv, options);
    const { name, operands } = subcommand(args, { record: [], runs: [], run: ['id'] }, { commit: ['record'], full: ['record'], env: ['runs'], limit: ['runs'] });
    if (name !== 'record') return history(args, name, operands[0]);
    refuseVars(args, 'state record');
    const started = performance.now();
    const diagnostics = new Diagnostics();
    const opened = await openCommitSession(args, str(args, 'commit') ?? 'HEAD', diagnostics);
    if (!opened) return failed(diagnostics.sorted(), flag(args, 'json'));
    try {
      const result = await recordInSession(opened, args);
      const durationMs = Math.round(performance.now() - started);
      if (flag(args, 'json')) printJson(recordJson(result, opened.session, durationMs));
      else report(result, durationMs);
      printRecordingWarnings(result);
      // A commit named (--commit HEAD too) is the one meant; the files on the disk are not looked at.
      if (str(args, 'commit') === undefined) noteUncommittedEdits(opened);
      if (result.errors.length > 0) printDiagnostics(result.errors);
      return result.errors.length > 0 ? 1 : 0;
    } finally {
      await opened.session.store.close();
    }
  },
};

/** The `--json` shape of `state record` (also `env create`'s recording, without a duration: null). */
export function recordJson(result: RecordCommitResult, key: { repository: string; target: string }, durationMs: number | null) {
  return {
    commit: result.commit,
    recorded: result.inserted,
    alreadyRecorded: result.alreadyRecorded,
    recordedAgain: result.replacedRevision !== undefined,
    replacedRevision: result.replacedRevision ?? null,
    ...stateKeyJson(key),
    projectName: result.manifest?.projectName ?? null,
    models: result.manifest?.models.length ?? result.compile?.models ?? 0,
    mode: result.compile?.mode ?? null,
    base: result.compile?.base ?? null,
    reason: result.compile?.reason ?? null,
    rendered: result.compile?.rendered ?? 0,
    reused: result.compile?.reused ?? 0,
    durationMs,
    errors: result.errors,
    warnings: result.warnings.map(formatWarning),
  };
}

/** On stderr (with --json too, as compile's): what the commit holds that the recording could not read. */
export function printRecordingWarnings(result: RecordCommitResult): void {
  for (const warning of result.warnings) printWarning(formatWarning(warning));
}

const short = (sha: string) => sha.slice(0, 12);

/**
 * On stderr (with --json too): when the commit recorded is HEAD (no --commit) and the project's files in the working tree
 * differ from it, that the manifest is the commit's, not the edits', and how to see what the edits change.
 */
function noteUncommittedEdits({ session, snapshot }: CommitSession): void {
  const edited = uncommittedFiles(diskFileSource(session.projectDir), snapshot.tree);
  if (edited.length === 0) return;
  const shown = edited.length > 3 ? `${edited.slice(0, 3).join(', ')} and ${edited.length - 3} more` : edited.join(', ');
  // The diff it names needs --base (HEAD: what was recorded); with the options that chose this project.
  info(withCarriedOptions(`note: the working tree has uncommitted changes to ${plural(edited.length, 'project file')} (${shown}): the manifest recorded is commit ${short(snapshot.commit)}'s, without them `
    + `(to see what they change: amp-dbt diff --base HEAD --head working-tree)`));
}

/** One line on stderr saying what was recorded, and how. */
export function describeRecording(result: RecordCommitResult): string {
  const { commit, compile } = result;
  if (result.alreadyRecorded) {
    return `commit ${short(commit)} is already recorded (${result.manifest?.models.length ?? 0} models): nothing to do`;
  }
  if (!compile || result.errors.length > 0) return `commit ${short(commit)} was not recorded: the project has errors`;
  const how = compile.mode === 'incremental'
    ? `${compile.rendered} rendered, ${compile.reused} reused from ${short(compile.base!)}`
    : `all rendered: ${compile.reason}`;
  const again = result.replacedRevision === undefined ? ''
    : ` again: it had been recorded by an older amp-dbt (${result.replacedRevision === null ? 'before compiler revisions' : `compiler revision ${result.replacedRevision}`}), which renders differently`;
  return `recorded commit ${short(commit)}${again}: ${compile.models} models (${how})`;
}

function report(result: RecordCommitResult, durationMs: number): void {
  const done = result.inserted ? ` in ${durationMs} ms` : '';
  info(describeRecording(result) + done);
}

/** `state runs` and `state run ID`: the job history the runs recorded. */
async function history(args: ParsedArgs, name: string, id: string | undefined): Promise<number> {
  const diagnostics = new Diagnostics();
  // Runs outside git are recorded too (under the folder's key, as run files them): their history is readable.
  const session = await openStateSession(args, diagnostics, { outsideGit: true });
  const json = flag(args, 'json');
  if (!session) return failed(diagnostics.sorted(), json);
  try {
    if (name === 'runs') {
      const limitText = str(args, 'limit') ?? '20';
      if (!/^[1-9]\d*$/.test(limitText)) throw new UsageError(`--limit takes a positive whole number, not '${limitText}'`);
      const environment = str(args, 'env');
      const runs = await session.store.listRuns(session.repo, { environment, limit: Number(limitText) });
      // No runs of an --env the state database does not know (when it knows others): a typo, an error as elsewhere
      // (a deleted environment's runs are still listed).
      if (environment !== undefined && runs.length === 0) {
        const { checkEnvironmentKnown } = await import('../../core/environments/check-environment-known.js');
        const { withWorktreeStateNote } = await import('../worktree-state-note.js');
        await checkEnvironmentKnown(session.store, session.repo, environment).catch((error: unknown) => {
          throw withWorktreeStateNote(error, session);
        });
      }
      // A running run renews its environment's lease every 20 s: without a live lease its process is gone
      // (killed), and the next run of that environment will record it as abandoned.
      const gone = new Set<number>();
      for (const r of runs) {
        if (r.status === 'running' && !(await session.store.getLock(session.repo, `environment:${r.environment}`))) gone.add(r.id);
      }
      const status = (r: (typeof runs)[number]) => (gone.has(r.id) ? 'running (its process is gone: no live lease)' : r.status);
      if (json) printJson({ ...stateKeyJson(session), runs: runs.map((r) => ({ ...r, ...stateKeyJson(session), processGone: gone.has(r.id) })) });
      else if (runs.length === 0) info(str(args, 'env') === undefined ? withCarriedOptions(`no runs recorded for ${session.repository} (target '${session.target}') yet: amp-dbt run`) : `no runs of environment '${str(args, 'env')}' recorded for ${session.repository} (target '${session.target}')`);
      else for (const r of runs) process.stdout.write(`${r.id}\t${status(r)}\t${r.environment}\t${shortCommit(r.commit)}\t${r.startedAt}\t${r.actor}\t${r.command}\n`);
      return 0;
    }
    if (!/^\d+$/.test(id!)) throw new UsageError(`run takes a run id (a number), not '${id}'`);
    const run = await session.store.getRun(Number(id));
    if (!run || run.repo !== session.repo) throw runNotFoundError(Number(id), session.repo, run?.repo);
    if (json) printJson({ ...run, ...stateKeyJson(session) });
    else {
      process.stdout.write(`run ${run.id} ${run.status}: ${run.command} (environment ${run.environment}, commit ${shortCommit(run.commit)}, by ${run.actor})\n`);
      process.stdout.write(`  started ${run.startedAt}, finished ${run.finishedAt ?? '-'}\n`);
      for (const m of run.models) {
        const rows = m.rows === null ? '' : ` ${plural(m.rows, 'row')}`;
        const time = m.durationMs === null ? '' : ` ${(m.durationMs / 1000).toFixed(2)}s`;
        const altered = recordedAlteration(m.details);
        process.stdout.write(`  ${m.status.padEnd(8)} ${m.model}${rows}${time}${ampDetails(m.details)}${altered ? `, ${describeAlteration(altered)}` : ''}${m.error ? `\n           ${m.error.split('\n')[0]}` : ''}\n`);
      }
    }
    return 0;
  } catch (error) {
    return jsonError(error, json);
  } finally {
    await session.store.close();
  }
}

/** On Amp, what a model result keeps of the server: ` erc20/m@0.0.0-fp… manifest 1e15898960bb… job 7`. */
function ampDetails(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  const { dataset, manifestHash, jobId } = details as { dataset?: unknown; manifestHash?: unknown; jobId?: unknown };
  const parts = [
    typeof dataset === 'string' ? dataset : null,
    typeof manifestHash === 'string' ? `manifest ${manifestHash.slice(0, 12)}…` : null,
    typeof jobId === 'number' ? `job ${jobId}` : null,
  ].filter((part) => part !== null);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
