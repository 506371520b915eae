import { AmpDbtError, formatDiagnostic, type Diagnostic } from '../core/errors.js';
import { writeJson } from './write-json.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const red = (s: string) => (useColor() ? `\u001b[31m${s}\u001b[0m` : s);
const yellow = (s: string) => (useColor() ? `\u001b[33m${s}\u001b[0m` : s);

/** What this invocation's hints must add to the amp-dbt commands they suggest (set by main). */
let carried = { options: '', commands: new Set<string>() };

/**
 * Remembers the options a suggested command must repeat to act on the same project, profile and target
 * (`--target ci`, `--profiles-dir`, `--project-dir`): a hint's `amp-dbt env delete prod --force` copied
 * without them acted on the default target's `prod`.
 */
export function carryOptionsIntoHints(argv: readonly string[], commands: Iterable<string>): void {
  const parts: string[] = [];
  for (const [long, short] of [['--project-dir', null], ['--profiles-dir', null], ['--target', '-t']] as const) {
    const at = argv.findIndex((arg) => arg === long || arg === short || arg.startsWith(`${long}=`));
    if (at < 0) continue;
    const value = argv[at].includes('=') ? argv[at].slice(argv[at].indexOf('=') + 1) : argv[at + 1];
    if (value !== undefined && value !== '') parts.push(`${long} ${shellWord(value)}`);
  }
  carried = { options: parts.length ? ` ${parts.join(' ')}` : '', commands: new Set(commands) };
}

/** `value` as one shell word: as it is when a shell would read it so (`HEAD~1`, `state:modified+`), else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w./@:+^-][\w./@:+~^-]*$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

/** The options this invocation's suggested commands repeat (` --target ci ...`, or ''; see carryOptionsIntoHints). */
export function carriedOptions(): string {
  return carried.options;
}

/** A text with `: amp-dbt COMMAND ...` suggestions completed with the carried options (see carryOptionsIntoHints). */
export function withCarriedOptions(text: string): string {
  if (!carried.options) return text;
  const carry = (whole: string, command: string, rest: string, open: string, close: string) =>
    (carried.commands.has(command) && !/--target|--project-dir|--profiles-dir/.test(rest) ? `${open}amp-dbt ${command}${rest.trimEnd()}${carried.options}${close}` : whole);
  // `...: amp-dbt run --env pr-7` (the command ends the sentence or clause), and `\`amp-dbt run\`` in a sentence.
  return text
    .replace(/: amp-dbt ([a-z]+)([^;)\n`]*)/g, (whole, command: string, rest: string) => carry(whole, command, rest, ': ', ''))
    .replace(/`amp-dbt ([a-z]+)([^`\n]*)`/g, (whole, command: string, rest: string) => carry(whole, command, rest, '`', '`'));
}

const carriedInto = <T extends { hint: string | null }>(d: T): T => (d.hint ? { ...d, hint: withCarriedOptions(d.hint) } : d);

/** Whether this invocation asked for JSON (`--json`, `--output json`, `--format json`; set by main). */
let jsonMode = false;

/**
 * With --json, errors are reported in the JSON on stdout only, as compile's and test's are: stderr keeps
 * warnings and progress, and no error is said twice (once as JSON, once as text).
 */
export function reportErrorsAsJson(json: boolean): void {
  jsonMode = json;
}

/** Errors go to stderr, as `file:line:col: error[code] message` lines (with --json, they are in the JSON instead). */
export function printDiagnostics(diagnostics: Diagnostic[]): void {
  if (jsonMode) return;
  for (const d of diagnostics) process.stderr.write(red(formatDiagnostic(carriedInto(d))) + '\n');
  if (diagnostics.length) process.stderr.write(red(`${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}`) + '\n');
}

export function printWarning(message: string): void {
  process.stderr.write(yellow(`warning: ${message}`) + '\n');
}

/** Progress and summaries: stderr, so stdout stays clean for SQL or JSON. */
export function info(message: string): void {
  process.stderr.write(message + '\n');
}

/**
 * JSON on stdout: indented for a person at a terminal, compact (one line) when piped or redirected, as `gh`
 * does: a program reading it saves the time and the bytes (a large diff is a fifth smaller).
 */
export function printJson(value: unknown): void {
  writeJson(withCarriedHints(value), process.stdout.isTTY ? 2 : undefined, (text) => process.stdout.write(text));
}

/**
 * A JSON result whose top-level `errors` (and `error`) hints suggest commands completed with the carried
 * options, as the same errors on stderr are (see carryOptionsIntoHints): every command's JSON, one place.
 */
function withCarriedHints(value: unknown): unknown {
  if (!carried.options || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const { errors, error } = value as { errors?: unknown; error?: unknown };
  const carry = (d: unknown) => (typeof d === 'object' && d !== null && typeof (d as { hint?: unknown }).hint === 'string' ? carriedInto(d as { hint: string }) : d);
  return {
    ...value,
    ...(Array.isArray(errors) ? { errors: errors.map(carry) } : {}),
    ...(error !== undefined ? { error: carry(error) } : {}),
  };
}

/**
 * After a command's own output (list and graph print what compiled, also with errors): warnings and every
 * error on stderr; the exit code: 1 with errors, else 0.
 */
export function finish(problems: { warnings: string[]; errors: Diagnostic[] }): number {
  for (const warning of problems.warnings) printWarning(warning);
  printDiagnostics(problems.errors);
  return problems.errors.length ? 1 : 0;
}

/**
 * Errors that stop a command before it has anything else to say (the project does not compile, the state
 * database cannot be opened): on stderr, or with --json as `{"errors": [...]}` on stdout, so a script
 * reading stdout gets JSON either way. Exit code 1.
 */
export function failed(errors: Diagnostic[], json: boolean): number {
  if (json) printJson({ errors });
  printDiagnostics(errors);
  return 1;
}

/**
 * A JSON result (list, graph) of a project with errors: its warnings, then `{"errors": [...]}` as failed
 * prints them, not a result that looks complete. Exit code 1.
 */
export function failedJson(problems: { warnings: string[]; errors: Diagnostic[] }): number {
  for (const warning of problems.warnings) printWarning(warning);
  return failed(problems.errors, true);
}

type ErrorFields = { code: string; message: string; hint: string | null; file?: string; line?: number; column?: number };

/** The `error` of --json output: `{code, message, hint}`, and `location` when the error is in a file. */
export function jsonErrorBody({ code, message, hint, file, line, column }: ErrorFields) {
  // Where the error is written (profiles.yml:5:10, say), when it is in a file.
  const location = file ? { location: { file, line: line ?? 1, column: column ?? 1 } } : {};
  return { code, message, hint, ...location };
}

/** `{"error": {code, message, hint}}` on stdout: how --json output reports a failure. */
export function printJsonError(error: ErrorFields): void {
  printJson({ error: jsonErrorBody(error) });
}

/**
 * With --json, an AmpDbtError becomes `{"error": {code, message, hint, location?}}` on stdout (only there) and
 * exit code 1; anything else is rethrown for main to report.
 */
export function jsonError(error: unknown, json: boolean): number {
  if (!json || !(error instanceof AmpDbtError)) throw error;
  printJsonError(error.toDiagnostic());
  return 1;
}
