import { Diagnostics } from '../../core/errors.js';
import type { RecordCommitResult } from '../../core/record/record-commit.js';
import { flag, parseArgs, str } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openCommitSession, recordInSession, subcommand, varsOption } from '../open-state.js';
import { info, printDiagnostics, printJson } from '../output.js';

const options = {
  ...projectOptions,
  commit: { kind: 'string' as const },
  full: { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'state',
  summary: "Record a commit's manifest in the state database: what environments point at and diffs and plans compare.",
  usage: 'amp-dbt state record [--commit REF] [--full] [--json]',
  help: `  --commit REF         the commit, branch or tag to record (default: HEAD); read from git, no checkout
  --full               render every model, ignoring recorded ancestors
  --json               print {"commit", "recorded", "alreadyRecorded", "repo", "projectName", "models",
                       "mode", "base", "reason", "rendered", "reused", "durationMs", "errors"} on stdout
${projectOptionsHelp}

Subcommands:
  record               compile the project as of a commit and store its manifest (every model's path, blob id,
                       config, refs, canonical SQL, fingerprint, columns; macros and vars used). Recording a
                       commit again does nothing. When an ancestor (first parents, up to 64 back) is recorded,
                       only models whose file, macros or vars changed are rendered again; the rest are reused
                       and fingerprints recomputed down the graph. A changed property file, profiles.yml or
                       dbt_project.yml setting (other than vars) renders every model.

The state database is AMP_DBT_STATE_URL (sqlite:PATH or postgres://...), else the profile's 'state:' block,
else .amp-dbt/state.db in the project folder. The repository key is AMP_DBT_REPO, else the owner/name of
the 'origin' remote, else the repository's path. A commit whose project has errors is not recorded: the
errors are printed as file:line:col and the exit code is 1.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    subcommand(args, { record: [] });
    await varsOption(args);
    const started = performance.now();
    const diagnostics = new Diagnostics();
    const opened = await openCommitSession(args, str(args, 'commit') ?? 'HEAD', diagnostics);
    if (!opened) {
      printDiagnostics(diagnostics.sorted());
      return 1;
    }
    try {
      const result = await recordInSession(opened, args);
      const durationMs = Math.round(performance.now() - started);
      if (flag(args, 'json')) printJson(recordJson(result, opened.session.repo, durationMs));
      else report(result, durationMs);
      if (result.errors.length > 0) printDiagnostics(result.errors);
      return result.errors.length > 0 ? 1 : 0;
    } finally {
      await opened.session.store.close();
    }
  },
};

/** The `--json` shape of `state record` (also `env create`'s recording, without a duration: null). */
export function recordJson(result: RecordCommitResult, repo: string, durationMs: number | null) {
  return {
    commit: result.commit,
    recorded: result.inserted,
    alreadyRecorded: result.alreadyRecorded,
    repo,
    projectName: result.manifest?.projectName ?? null,
    models: result.manifest?.models.length ?? result.compile?.models ?? 0,
    mode: result.compile?.mode ?? null,
    base: result.compile?.base ?? null,
    reason: result.compile?.reason ?? null,
    rendered: result.compile?.rendered ?? 0,
    reused: result.compile?.reused ?? 0,
    durationMs,
    errors: result.errors,
  };
}

const short = (sha: string) => sha.slice(0, 12);

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
  return `recorded commit ${short(commit)}: ${compile.models} models (${how})`;
}

function report(result: RecordCommitResult, durationMs: number): void {
  const done = result.inserted ? ` in ${durationMs} ms` : '';
  info(describeRecording(result) + done);
}
