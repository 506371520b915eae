/**
 * Errors a person can act on. Every error has a stable `code`; errors about a user's files carry
 * the file (relative to the project root, posix separators), a 1-based line and column, and a hint.
 * Only the shells turn errors into exit codes.
 */

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
  hint: string | null;
}

export interface ErrorLocation {
  file: string;
  line?: number;
  column?: number;
}

export class AmpDbtError extends Error {
  readonly code: string;
  readonly location: ErrorLocation | undefined;
  readonly hint: string | null;

  constructor(code: string, message: string, options: { location?: ErrorLocation; hint?: string | null; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.location = options.location;
    this.hint = options.hint ?? null;
  }

  toDiagnostic(): Diagnostic {
    return {
      file: this.location?.file ?? '',
      line: this.location?.line ?? 1,
      column: this.location?.column ?? 1,
      code: this.code,
      message: this.message,
      hint: this.hint,
    };
  }
}

/** dbt_project.yml, profiles.yml and property-file problems. */
export class ConfigError extends AmpDbtError {}
/** A model or macro that cannot be rendered, parsed or resolved. */
export class CompileError extends AmpDbtError {}
/**
 * A failure caused by an error already reported elsewhere (a model calling a macro of a macro file that has a
 * syntax error): the caller drops it instead of reporting a second, misleading error.
 */
export class ReportedElsewhere extends CompileError {}
/** A cycle in the model graph. */
export class CycleError extends AmpDbtError {}
/** A selector that cannot be parsed. */
export class SelectionError extends AmpDbtError {}

/** Collects diagnostics across a whole project so all mistakes are reported at once. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];
  /** Problems that do not stop the command (dbt's warnings): reported, never counted as errors. */
  readonly warnings: Diagnostic[] = [];

  warn(code: string, message: string, location: ErrorLocation, hint?: string | null): void {
    this.warnings.push({ file: location.file, line: location.line ?? 1, column: location.column ?? 1, code, message, hint: hint ?? null });
  }

  add(diagnostic: Diagnostic): void {
    this.items.push(diagnostic);
  }

  error(code: string, message: string, location: ErrorLocation, hint?: string | null): void {
    this.items.push({
      file: location.file,
      line: location.line ?? 1,
      column: location.column ?? 1,
      code,
      message,
      hint: hint ?? null,
    });
  }

  /** Record an error thrown by a step; AmpDbtErrors keep their location, others are pinned to `fallback`. */
  capture(error: unknown, fallback: ErrorLocation, code = 'internal'): void {
    if (error instanceof AmpDbtError) {
      const d = error.toDiagnostic();
      if (!d.file) d.file = fallback.file;
      this.add(d);
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.error(code, message, fallback);
  }

  get hasErrors(): boolean {
    return this.items.length > 0;
  }

  /** Sorted by file, line and column for stable output. */
  sorted(): Diagnostic[] {
    return [...this.items].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}

/** `file:line:col: error[code] message` and an indented hint, as compilers print them. */
/** A warning as one line: `file:line:col: message (hint)`. */
export function formatWarning(d: Diagnostic): string {
  return `${d.file ? `${d.file}:${d.line}:${d.column}: ` : ''}${d.message}${d.hint ? ` (${d.hint})` : ''}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.file ? `${d.file}:${d.line}:${d.column}: ` : '';
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}error[${d.code}] ${d.message}${hint}`;
}
