import { AmpDbtError, formatDiagnostic, type Diagnostic } from '../core/errors.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const red = (s: string) => (useColor() ? `\u001b[31m${s}\u001b[0m` : s);
const yellow = (s: string) => (useColor() ? `\u001b[33m${s}\u001b[0m` : s);

/** Errors go to stderr, as `file:line:col: error[code] message` lines. */
export function printDiagnostics(diagnostics: Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(red(formatDiagnostic(d)) + '\n');
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
  process.stdout.write(`${JSON.stringify(value, null, process.stdout.isTTY ? 2 : undefined)}\n`);
}

/**
 * After a command's own output (list and graph print what compiled, also with errors): warnings and every
 * error on stderr (stdout holds only the JSON in JSON mode); the exit code: 1 with errors, else 0.
 */
export function finish(problems: { warnings: string[]; errors: Diagnostic[] }): number {
  for (const warning of problems.warnings) printWarning(warning);
  printDiagnostics(problems.errors);
  return problems.errors.length ? 1 : 0;
}

/**
 * Errors that stop a command before it has anything else to say (the project does not compile, the state
 * database cannot be opened): on stderr, and with --json also `{"errors": [...]}` on stdout, so a script
 * reading stdout gets JSON either way. Exit code 1.
 */
export function failed(errors: Diagnostic[], json: boolean): number {
  if (json) printJson({ errors });
  printDiagnostics(errors);
  return 1;
}

/** `{"error": {code, message, hint}}` on stdout: how --json output reports a failure. */
export function printJsonError({ code, message, hint }: { code: string; message: string; hint: string | null }): void {
  printJson({ error: { code, message, hint } });
}

/**
 * With --json, an AmpDbtError becomes `{"error": {code, message, hint}}` on stdout (and the usual line on
 * stderr) and exit code 1; anything else is rethrown for main to report.
 */
export function jsonError(error: unknown, json: boolean): number {
  if (!json || !(error instanceof AmpDbtError)) throw error;
  const diagnostic = error.toDiagnostic();
  printJsonError(diagnostic);
  process.stderr.write(formatDiagnostic(diagnostic) + '\n');
  return 1;
}
