import type { CompileResult } from '../../compile/compile-project.js';
import type { RenderedModel } from '../../compile/compiled-model.js';
import { CompileError, type Diagnostics } from '../../errors.js';
import type { ModelFile } from '../../project/project-types.js';
import { positionAt } from '../../util/text-position.js';
import { isRegistered } from '../amp-naming.js';
import { findNonIncremental, type NonIncrementalClause } from './find-non-incremental.js';
import { blankNonSql } from '../../compile/blank-non-sql.js';

const HINTS: Record<string, string> = {
  aggregate: 'aggregate in an ad-hoc query over this model instead',
  'group-by': 'aggregate in an ad-hoc query over this model instead',
  'order-by': 'sort when querying the dataset instead',
  limit: 'limit when querying the dataset instead',
  distinct: 'remove duplicates when querying the dataset instead',
  'outer-join': 'use an inner join, or join in an ad-hoc query',
  window: 'compute window functions when querying the dataset instead',
  'set-operation': 'use UNION ALL, or combine in an ad-hoc query',
};

/** Registered models and the ephemeral models inlined into them: the SQL Amp is asked to register. */
function modelsToCheck(result: CompileResult, names: Iterable<string>): RenderedModel[] {
  const out = new Map<string, RenderedModel>();
  const visitEphemeralParents = (model: RenderedModel) => {
    for (const parent of model.refs) {
      const found = result.byName.get(parent);
      if (found?.materialized === 'ephemeral' && !out.has(parent)) {
        out.set(parent, found);
        visitEphemeralParents(found);
      }
    }
  };
  for (const name of names) {
    const model = result.byName.get(name);
    if (!model || !isRegistered(model)) continue;
    out.set(name, model);
    visitEphemeralParents(model);
  }
  return [...out.values()];
}

/**
 * Where the first clause of `kind` is in the model's own file, found the same way in the file's SQL (Jinja
 * blanked out); line 1 when only a macro writes it.
 */
function locateClause(file: ModelFile | undefined, path: string, kind: string) {
  const hit = file ? findNonIncremental(blankNonSql(file.content)).find((c) => c.kind === kind) : undefined;
  return { file: path, ...(hit ? positionAt(file!.content, hit.start) : { line: 1, column: 1 }) };
}

/** One error per kind of clause (at its first occurrence) for one model. */
function modelErrors(model: RenderedModel, file: ModelFile | undefined, registeredBy: string | null): CompileError[] {
  const firsts = new Map<string, NonIncrementalClause>();
  for (const clause of findNonIncremental(model.canonicalSql)) if (!firsts.has(clause.kind)) firsts.set(clause.kind, clause);
  const subject = model.materialized === 'ephemeral'
    ? `'${model.name}' (ephemeral, inlined into ${registeredBy ? `registered model '${registeredBy}'` : 'a registered model'})` : `'${model.name}'`;
  return [...firsts.values()].map((clause) => new CompileError('non-incremental-sql',
    `${subject} is registered on Amp, which only accepts incremental SQL: ${clause.clause} is not incremental`,
    {
      location: locateClause(file, model.path, clause.kind),
      hint: `${HINTS[clause.kind] ?? 'rewrite it incrementally'}, or set register: false on '${registeredBy ?? model.name}' to keep it an ad-hoc query`,
    }));
}

/**
 * Checks that the SQL of every registered model among `names` (default: all) is incremental, reporting
 * each non-incremental clause at its file, line and column (see findNonIncremental). Models configured
 * with `register: false` are ad-hoc queries and may use anything. Returns the names of models with errors.
 */
export function checkIncrementalSql(result: CompileResult, diagnostics: Diagnostics, names: Iterable<string> = result.byName.keys()): Set<string> {
  const files = new Map(result.project.models.map((m) => [m.name, m]));
  const failed = new Set<string>();
  const checked = modelsToCheck(result, names);
  const registeredChild = (ephemeral: string) => checked.find((m) => m.materialized !== 'ephemeral' && m.refs.includes(ephemeral))?.name ?? null;
  for (const model of checked) {
    const errors = modelErrors(model, files.get(model.name), model.materialized === 'ephemeral' ? registeredChild(model.name) : null);
    for (const error of errors) diagnostics.add(error.toDiagnostic());
    if (errors.length) failed.add(model.name);
  }
  return failed;
}
