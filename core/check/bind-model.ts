import type { CompiledModel } from '../compile/compiled-model.js';
import type { Diagnostics } from '../errors.js';
import type { ModelFile } from '../project/project-types.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { parseBinderError, type BinderError } from './binder-error.js';
import { locateInModel } from './locate-in-model.js';

const codes: Record<BinderError['kind'], string> = {
  column: 'unknown-column', table: 'unknown-relation', function: 'unknown-function', syntax: 'sql-syntax', other: 'type-check',
};

function hintFor(error: BinderError): string | null {
  const id = error.identifier;
  switch (error.kind) {
    case 'column':
      return `${error.candidates.length ? `did you mean ${error.candidates.map((c) => `'${c}'`).join(' or ')}? ` : ''}a model or source upstream may have renamed or removed '${id}' (source columns are the data_type columns of the sources' .yml)`;
    case 'table':
      return `'${id}' is not a model, a declared source table or a relation the type check knows`;
    case 'function':
      return `the type check's DuckDB has no function '${id}'`;
    case 'syntax':
      return 'the compiled SQL does not parse in DuckDB';
    default:
      return null;
  }
}

/** The text of an error and its causes: adapters wrap the engine's message. */
function errorText(error: unknown): string {
  const texts: string[] = [];
  for (let e: unknown = error; e instanceof Error && texts.length < 5; e = e.cause) texts.push(e.message);
  return texts.find((t) => /\nLINE \d+:/.test(t)) ?? texts[0] ?? String(error);
}

export interface BindAttempt {
  model: CompiledModel;
  file: ModelFile;
  /** The statement (CREATE VIEW ... AS, a newline, then `sql`). */
  statement: string;
  sql: string;
  /** Lines before `sql` in `statement`. */
  offset: number;
  /** Says which SQL it was, for the message ('incremental SQL'). */
  label?: string;
  refSql: (name: string) => string;
}

/** Runs one CREATE VIEW; a failure becomes a diagnostic in the model's file. Returns whether it bound. */
export async function bindModel(warehouse: WarehouseAdapter, attempt: BindAttempt, diagnostics: Diagnostics): Promise<boolean> {
  try {
    await warehouse.execute(attempt.statement);
    return true;
  } catch (caught) {
    const error = parseBinderError(errorText(caught));
    const lines = attempt.sql.split('\n');
    const line = error.line === undefined ? undefined : error.line - attempt.offset;
    const compiledLine = line !== undefined && line >= 1 ? lines[line - 1] : undefined;
    const location = locateInModel(attempt.file, attempt.model, error, compiledLine, attempt.refSql);
    const where = compiledLine === undefined ? '' : ` (compiled SQL line ${line}: ${compiledLine.trim()})`;
    const hint = hintFor(error);
    diagnostics.error(codes[error.kind], `'${attempt.model.name}'${attempt.label ? ` (${attempt.label})` : ''} does not bind: ${error.summary}`, location,
      hint === null ? (where ? where.slice(2, -1) : null) : hint + where);
    return false;
  }
}
