import type { CompileResult } from '../compile/compile-project.js';
import type { CompiledModel } from '../compile/compiled-model.js';
import { modelRelation, quoteIdentifier, renderTargetSql } from '../compile/target-sql.js';
import { AmpDbtError, type Diagnostics } from '../errors.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { parseDeclaredType } from '../warehouse/declared-type.js';
import { bindModel } from './bind-model.js';
import { declareSeeds } from './declare-seeds.js';
import { declareSources } from './declare-sources.js';
import { uncheckedInput } from './unchecked-input.js';

/** Where a check's finding is, as a diagnostic's: the file, 1-based line and column. */
export interface CheckLocation {
  file: string;
  line: number;
  column: number;
}

/** Where incremental SQL is bound (its `this` is the model's own view, bound just before). */
const SCRATCH_SCHEMA = 'amp_dbt_check';

export interface CheckOutcome {
  /** Models that bound, in dependency order. */
  passed: string[];
  /** Models that did not bind (each has a diagnostic). */
  failed: string[];
  /** Models read a source table whose columns are not declared: not checked. */
  skipped: Array<{ model: string; reason: string }>;
  /** Models with compile errors, and models downstream of a failed or skipped one: not checked. */
  notChecked: Array<{ model: string; because: string }>;
  /**
   * Columns a property file describes that the model, bound, does not produce. Those with tests are also
   * errors (the tests would fail), the others warnings. `file` and `line` repeat `location`'s (where the
   * column is described: its `name:`).
   */
  missingColumns: Array<{ model: string; column: string; file: string; line: number; location: CheckLocation; tested: boolean }>;
  /** Columns whose `data_type` is of another kind (a string, an integer, a timestamp ...) than the model produces: warnings. */
  typeMismatches: Array<{ model: string; column: string; file: string; line: number; location: CheckLocation; declared: string; produced: string }>;
}

/** The selected models and everything they read, in the compile's dependency order. */
function modelsToBind(result: CompileResult, selected: readonly string[]): CompiledModel[] {
  const wanted = new Set([...selected, ...result.graph.ancestorsOfAll(selected)]);
  return result.models.filter((m) => wanted.has(m.name));
}

/** SQL for the target, or undefined after reporting why it cannot be produced (reported once). */
function targetSql(result: CompileResult, model: CompiledModel, diagnostics: Diagnostics, incremental: boolean): string | undefined {
  try {
    return incremental ? renderTargetSql(model, result.sqlContext, model.incrementalSql) : result.targetSql(model.name);
  } catch (error) {
    if (!(error instanceof AmpDbtError)) throw error;
    const d = error.toDiagnostic();
    if (!d.file) d.file = model.path;
    if (!diagnostics.items.some((i) => i.file === d.file && i.line === d.line && i.code === d.code && i.message === d.message)) diagnostics.add(d);
    return undefined;
  }
}

/**
 * The type check (DESIGN section 2): declares the source tables and the seeds empty with their typed columns, then
 * creates every model as a view in dependency order (ephemeral ones too, so their own mistakes are found
 * in their own file), so a column a parent no longer produces fails in the model that reads it, with its
 * file and line. Incremental models also bind their incremental SQL. Every failure is reported.
 */
export async function checkModels(result: CompileResult, selected: readonly string[], warehouse: WarehouseAdapter, diagnostics: Diagnostics): Promise<CheckOutcome> {
  const outcome: CheckOutcome = { passed: [], failed: [], skipped: [], notChecked: [], missingColumns: [], typeMismatches: [] };
  const withErrors = new Set(diagnostics.items.map((d) => d.file));
  const undeclared = await declareSources(warehouse, result.sources, diagnostics);
  await declareSeeds(warehouse, result, diagnostics);
  const models = modelsToBind(result, selected);
  const blocked = new Map<string, string>();
  const files = new Map(result.project.models.map((f) => [f.name, f]));
  const refSql = (name: string) => {
    const m = result.byName.get(name);
    const r = m ? modelRelation(m, result.target) : undefined;
    return r ? `${quoteIdentifier(r.schema)}.${quoteIdentifier(r.identifier)}` : quoteIdentifier(name);
  };
  const schemas = new Set<string>();
  // A cycle's models have no order to be created in (the cycle is reported as an error already).
  const inCycle = new Set(result.graph.findCycles().flat());
  for (const model of models) {
    if (inCycle.has(model.name)) {
      outcome.notChecked.push({ model: model.name, because: 'it is in a dependency cycle' });
      blocked.set(model.name, 'is in a dependency cycle');
      continue;
    }
    const parent = model.refs.find((p) => blocked.has(p));
    if (parent) {
      outcome.notChecked.push({ model: model.name, because: `'${parent}' ${blocked.get(parent)}` });
      blocked.set(model.name, 'was not checked');
      continue;
    }
    if (withErrors.has(model.path)) {
      outcome.notChecked.push({ model: model.name, because: 'it has compile errors' });
      blocked.set(model.name, 'has compile errors');
      continue;
    }
    const reason = uncheckedInput(model, result.sources, undeclared);
    if (reason) {
      outcome.skipped.push({ model: model.name, reason });
      blocked.set(model.name, 'was skipped');
      continue;
    }
    const ok = await bindAll(model);
    (ok ? outcome.passed : outcome.failed).push(model.name);
    if (!ok) blocked.set(model.name, 'failed the check');
  }
  return outcome;

  async function bindAll(model: CompiledModel): Promise<boolean> {
    const file = files.get(model.name)!;
    const relation = modelRelation(model, result.target);
    if (!schemas.has(relation.schema)) {
      schemas.add(relation.schema);
      await warehouse.ensureSchema(relation.schema);
    }
    const sql = targetSql(result, model, diagnostics, false);
    if (sql === undefined) return false;
    const view = warehouse.dialect.relation(relation.schema, relation.identifier);
    if (!await bindModel(warehouse, { model, file, sql, statement: `CREATE VIEW ${view} AS\n${sql}`, offset: 1, refSql }, diagnostics)) return false;
    await checkDescribedColumns(model, relation);
    if (model.incrementalSql === undefined) return true;
    const incremental = targetSql(result, model, diagnostics, true);
    if (incremental === undefined) return false;
    if (!schemas.has(SCRATCH_SCHEMA)) {
      schemas.add(SCRATCH_SCHEMA);
      await warehouse.ensureSchema(SCRATCH_SCHEMA);
    }
    const scratch = warehouse.dialect.relation(SCRATCH_SCHEMA, `${model.name}__incremental`);
    return bindModel(warehouse, {
      model, file, sql: incremental, statement: `CREATE VIEW ${scratch} AS\n${incremental}`, offset: 1, label: 'incremental SQL', refSql,
    }, diagnostics);
  }

  /** Columns the model's property file describes that its bound view does not have (names compared without case). */
  async function checkDescribedColumns(model: CompiledModel, relation: { schema: string; identifier: string }): Promise<void> {
    const described = result.project.modelProperties.get(model.name)?.columns ?? [];
    if (described.length === 0) return;
    const columns = new Map((await warehouse.columns(relation.schema, relation.identifier) ?? []).map((c) => [c.name.toLowerCase(), c.type]));
    const produced = new Set(columns.keys());
    for (const column of described) {
      const type = columns.get(column.name.toLowerCase());
      const { file, line = 1, column: col = 1 } = column.location;
      const location = { file, line, column: col };
      if (type !== undefined) {
        const [declaredKind, producedKind] = [parseDeclaredType(column.data_type ?? '')?.kind, parseDeclaredType(type)?.kind];
        if (declaredKind && producedKind && declaredKind !== producedKind) {
          outcome.typeMismatches.push({ model: model.name, column: column.name, file, line, location, declared: column.data_type!, produced: type });
        }
        continue;
      }
      const tested = column.tests.length > 0;
      outcome.missingColumns.push({ model: model.name, column: column.name, file, line, location, tested });
      if (!tested) continue;
      diagnostics.error('missing-column', `column '${column.name}' of '${model.name}' has tests here, but the model does not produce it`, location,
        `the model's columns: ${[...produced].join(', ')}; rename the column here or in the model`);
    }
  }
}
