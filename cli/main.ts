#!/usr/bin/env node
import * as nodeModule from 'node:module';
import { AmpDbtError, formatDiagnostic } from '../core/errors.js';
import { didYouMean } from '../core/util/did-you-mean.js';
import { useGitEnvironment } from '../core/git/git-dirs.js';
import { useUserGitConfig } from '../core/git/user-git-config.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { commandHelp } from './command-help.js';
import { toolVersion } from './tool-version.js';
import { carryOptionsIntoHints, jsonError, printJsonError, reportErrorsAsJson, withCarriedOptions } from './output.js';

/**
 * Node >= 22.1 keeps compiled code of the modules loaded from here on (the command) on disk, so later starts
 * skip compiling it (NODE_DISABLE_COMPILE_CACHE=1 turns it off). Node 20 has no such call.
 */
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

/**
 * A reader that stops early (`amp-dbt env list | head -1`) closes the pipe: the command still finishes its
 * work (a run is not cut short half-way), and what it would print further is dropped instead of ending in
 * an EPIPE stack trace.
 */
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // A result written in pieces (writeJson) may write again before the EPIPE's error event: that write fails too.
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
    stream.write = (() => true) as typeof stream.write;
  });
}

/** Commands load lazily so start-up only pays for the one that runs. */
const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  init: { summary: 'create a new project that compiles and runs on the embedded target', load: async () => (await import('./commands/init.js')).command },
  compile: { summary: 'compile models to SQL for a target (.amp-dbt/compiled/)', load: async () => (await import('./commands/compile.js')).command },
  list: { summary: 'list models chosen by a selection', load: async () => (await import('./commands/list.js')).command },
  graph: { summary: 'print the model graph as dot, mermaid or json', load: async () => (await import('./commands/graph.js')).command },
  seed: { summary: 'load CSV and Parquet files under seeds/ into the warehouse as tables', load: async () => (await import('./commands/seed.js')).command },
  run: { summary: 'build models on the warehouse and point an environment at them', load: async () => (await import('./commands/run.js')).command },
  test: { summary: "run data tests (not_null, unique, accepted_values, relationships, {% test %} blocks, tests/*.sql) against an environment", load: async () => (await import('./commands/test.js')).command },
  status: { summary: 'freshness of an environment: how far each model and source is behind', load: async () => (await import('./commands/status.js')).command },
  drift: { summary: 'compare what the state database says an environment has with the warehouse', load: async () => (await import('./commands/drift.js')).command },
  prune: { summary: 'drop the physical relations (model versions) no environment of the target needs', load: async () => (await import('./commands/prune.js')).command },
  diff: { summary: 'compare two commits or environments: changed models, why, SQL diffs', load: async () => (await import('./commands/diff.js')).command },
  plan: { summary: 'what moving an environment to a commit would build, reuse and drop', load: async () => (await import('./commands/plan.js')).command },
  state: { summary: "the state database: record a commit's manifest; the run history (runs, run ID)", load: async () => (await import('./commands/state.js')).command },
  env: { summary: 'environments: named pointers at recorded commits (list, show, create, promote, rollback, history, delete)', load: async () => (await import('./commands/env.js')).command },
  jobs: { summary: 'jobs on an Amp server: list, status, logs, stop, resume a model', load: async () => (await import('./commands/jobs.js')).command },
  monitor: { summary: "a live dashboard of the project's Amp jobs (--all: every namespace) and the progress of each table they write", load: async () => (await import('./commands/monitor.js')).command },
  clean: { summary: 'remove compiled output (.amp-dbt/compiled and clean-targets)', load: async () => (await import('./commands/clean.js')).command },
};

/**
 * dbt's commands amp-dbt has no command of that name for: what to run instead, or that it is not there
 * (docs/dbt-compatibility.md), rather than a did-you-mean at a command of another meaning (`docs`: 'jobs').
 */
const dbtCommands: Record<string, string> = {
  build: "amp-dbt has no build: run 'amp-dbt seed', 'amp-dbt run' and 'amp-dbt test' in turn",
  ls: "dbt's ls is 'amp-dbt list'",
  parse: "dbt's parse is 'amp-dbt compile' (it reports every error in the project)",
  docs: 'amp-dbt generates no documentation site: descriptions and docs blocks are checked by compile',
  source: "dbt's source freshness is 'amp-dbt status' (the freshness of every source and model)",
  snapshot: 'snapshots are not run by amp-dbt (see docs/dbt-compatibility.md)',
  deps: 'dbt packages are not installed: copy the macros a project uses into macros/ and its generic tests into tests/generic/',
  'run-operation': "macros are not run on their own: run such statements outside amp-dbt",
  debug: "'amp-dbt compile' reads the project and its profile and reports what is wrong in them",
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `amp-dbt ${toolVersion()}: compile dbt-style SQL projects as software

Usage: amp-dbt <command> [options]

Commands:
${lines.join('\n')}

Run 'amp-dbt <command> --help' (or 'amp-dbt help <command>') for a command's options
('amp-dbt env create --help' for a subcommand's).
`;
}

/** `--json`, or list's `--output json` and graph's `--format json`, before any `--` (which ends the options). */
function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  return options.some((arg, i) => arg === '--json' || arg === '--output=json' || arg === '--format=json'
    || ((arg === '--output' || arg === '--format') && options[i + 1] === 'json'));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' && rest.length > 0 && commands[rest[0]!]) {
    // `amp-dbt help run`, as git and dbt have it (`amp-dbt help env create` too).
    process.stdout.write(commandHelp(await commands[rest[0]!]!.load(), rest.slice(1)));
    return 0;
  }
  if (name === 'help' && rest.length > 0) {
    const typo = dbtCommands[rest[0]!] ?? didYouMean(rest[0]!, Object.keys(commands));
    process.stderr.write(`amp-dbt help: unknown command '${rest[0]}'${typo ? `: ${typo}` : ''}

${mainHelp()}`);
    return 2;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(toolVersion() + '\n');
    return 0;
  }
  const entry = commands[name];
  if (!entry) {
    const typo = dbtCommands[name] ?? didYouMean(name, Object.keys(commands));
    if (wantsJson(rest)) {
      printJsonError({ code: 'usage', message: `unknown command '${name}'`, hint: typo || "run 'amp-dbt --help' for the commands" });
      return 2;
    }
    process.stderr.write(`amp-dbt: unknown command '${name}'${typo ? `: ${typo}` : ''}\n\n${mainHelp()}`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command, rest));
    return 0;
  }
  carryOptionsIntoHints(rest, Object.keys(commands));
  // git's own variables name the repository where no `.git` does (a bare repository checked out elsewhere, a hook).
  useGitEnvironment(process.env, process.cwd());
  // The global and system git config (core.autocrlf decides which blob a CRLF working-tree file is).
  useUserGitConfig(process.env);
  // With --json, every error is reported in the JSON on stdout only (see reportErrorsAsJson).
  const json = wantsJson(rest);
  reportErrorsAsJson(json);
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      if (json) printJsonError({ code: 'usage', message: error.message, hint: `run 'amp-dbt ${name} --help' for usage` });
      else process.stderr.write(`amp-dbt ${name}: ${error.message}\nRun 'amp-dbt ${name} --help' for usage.\n`);
      return 2;
    }
    if (error instanceof AmpDbtError) {
      // With --json, scripts read stdout: the error is there too, as every command's --json errors are.
      if (json) return jsonError(error, true);
      process.stderr.write(formatDiagnostic({ ...error.toDiagnostic(), hint: error.hint && withCarriedOptions(error.hint) }) + '\n');
      return 1;
    }
    if (isFileSystemError(error)) {
      // A folder that cannot be written, a full disk: the user's to fix, not a bug (no stack trace).
      const hint = 'check the path, its permissions and the free space';
      if (json) printJsonError({ code: 'file-system', message: error.message, hint });
      else process.stderr.write(`amp-dbt ${name}: ${error.message} (${hint})\n`);
      return 1;
    }
    throw error;
  }
}

/** Errors of the file system calls a command makes (Node's, with the path in the message). */
const FILE_SYSTEM_CODES = new Set(['EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'EROFS', 'ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY', 'EMFILE', 'ENFILE', 'ELOOP', 'ENAMETOOLONG']);

function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  return error instanceof Error && typeof code === 'string' && FILE_SYSTEM_CODES.has(code) && typeof syscall === 'string';
}

let settled = false;
/**
 * Node exits when nothing is left to wake a pending promise (a wait that can never end): without this, such
 * a bug would end the command silently with exit code 0, half done.
 */
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write('amp-dbt: internal error: the command stopped half-way, waiting on something that can never happen (a bug: please report it with the command)\n');
  process.exitCode = 70;
});

main(process.argv.slice(2)).then(
  (code) => {
    settled = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    settled = true;
    process.stderr.write(`amp-dbt: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 70;
  },
);
