import type { ModelFile, SourceDefinition, SourceTable, Target } from '../project/project-types.js';
import { splitWithClause } from '../sql/split-with-clause.js';
import { CompileError } from '../errors.js';
import { locateCte } from './locate-cte.js';
import type { RenderedModel } from './compiled-model.js';
import { isPlaceholderKind, parsePlaceholder, relationPart, type Placeholder, type RelationAttribute } from './placeholders.js';
import { targetDatabase } from './target-database.js';
import { resolveTargetText, type ResolveBody } from './target-text.js';

export const quoteIdentifier = (name: string) => `"${name.includes('"') ? name.replace(/"/g, '""') : name}"`;

/** Schema and identifier a model is built as on a SQL warehouse (dbt's default naming, or the project's naming macros'). */
export function modelRelation(model: Pick<RenderedModel, 'name' | 'config'>, target: Target): { schema: string; identifier: string } {
  // The alias the project's generate_alias_name gave (model-relation-names.ts), as it is; else the alias config, else the name.
  const named = model.config.alias_name ?? model.config.alias;
  const alias = typeof named === 'string' && named ? named : model.name;
  // The schema the project's generate_schema_name gave (model-relation-names.ts), as it is.
  if (typeof model.config.schema_name === 'string' && model.config.schema_name) return { schema: model.config.schema_name, identifier: alias };
  const custom = typeof model.config.schema === 'string' && model.config.schema ? model.config.schema : undefined;
  return { schema: custom ? `${target.schema}_${custom}` : target.schema, identifier: alias };
}

export function sourceRelation(source: SourceDefinition, table: SourceTable): string {
  const parts = [source.database, source.schema, table.identifier].filter((p): p is string => !!p);
  return parts.map(quoteIdentifier).join('.');
}

export interface TargetSqlContext {
  target: Target;
  models: Map<string, RenderedModel>;
  /** `source.table` -> its definition. */
  sources: Map<string, { source: SourceDefinition; table: SourceTable }>;
  /** Seeds models ref by name -> their tables (absent: seeds read as their bare names). */
  seeds?: ReadonlyMap<string, { schema: string; identifier: string }>;
  /** Whether any model is ephemeral (otherwise nothing is inlined on SQL warehouses). */
  hasEphemeral: boolean;
  /**
   * Where a model (a ref, or `this`) lives, when not its usual relation (modelRelation): a run reads parents
   * from their physical relations, tests read an environment's views.
   */
  relationFor?: (model: RenderedModel) => { schema: string; identifier: string };
  /** What placeholders other than `this` read as (by the text between the brackets), filled as they are met. */
  refCache?: Map<string, string>;
  /** The model files by model name: errors about a model's SQL point at their line and column there. */
  files?: ReadonlyMap<string, ModelFile>;
  /**
   * Amp: the dataset (`namespace/name@version`) a model is read from instead of being inlined, or undefined
   * to inline it. A run's ad-hoc queries read the registered models the server has built this way.
   */
  datasetOf?: (model: RenderedModel) => string | undefined;
}

/** Whether a reference to `model` is inlined as a CTE instead of naming a relation. */
function isInlined(model: RenderedModel, context: TargetSqlContext): boolean {
  if (context.target.type === 'amp') return context.datasetOf?.(model) === undefined;
  return model.materialized === 'ephemeral';
}

/** A registered model's table in its dataset, as an ad-hoc query reads it: `"erc20/m@0.0.0-fp…".m`. */
function datasetTableSql(reference: string, model: RenderedModel): string {
  return `${quoteIdentifier(reference)}.${/^[a-z_][a-z0-9_]*$/.test(model.name) ? model.name : quoteIdentifier(model.name)}`;
}

function cteName(model: RenderedModel, target: Target): string {
  return target.type === 'amp' ? model.name : `__dbt__cte__${model.name}`;
}

function relationSql(model: RenderedModel, context: TargetSqlContext): string {
  const r = context.relationFor ? context.relationFor(model) : modelRelation(model, context.target);
  return `${quoteIdentifier(r.schema)}.${quoteIdentifier(r.identifier)}`;
}

/** How a reference to `name` reads in SQL on this target. */
function refSql(name: string, context: TargetSqlContext): string {
  const model = context.models.get(name);
  if (!model) return quoteIdentifier(name);
  if (isInlined(model, context)) return quoteIdentifier(cteName(model, context.target));
  const dataset = context.target.type === 'amp' ? context.datasetOf?.(model) : undefined;
  return dataset === undefined ? relationSql(model, context) : datasetTableSql(dataset, model);
}

/**
 * A part of a relation (`this.schema`, `ref('m').identifier`): that part of what the relation reads as here,
 * unquoted. Relations name no database, so it is the target's; a CTE (an inlined model) has no schema: ''.
 */
function attributeSql(p: Placeholder & { attribute: RelationAttribute }, self: RenderedModel, context: TargetSqlContext): string {
  const relation = placeholderSql({ ...p, attribute: undefined }, self, context);
  return relationPart(relation, p.attribute) ?? (p.attribute === 'database' ? targetDatabase(context.target) : '');
}

function placeholderSql(p: Placeholder, self: RenderedModel, context: TargetSqlContext): string {
  if (p.attribute) return attributeSql(p as Placeholder & { attribute: RelationAttribute }, self, context);
  switch (p.kind) {
    case 'ref':
      return refSql(p.name, context);
    case 'source': {
      const found = context.sources.get(`${p.source}.${p.table}`);
      return found ? sourceRelation(found.source, found.table) : `${quoteIdentifier(p.source)}.${quoteIdentifier(p.table)}`;
    }
    case 'dataset':
      return quoteIdentifier(p.reference);
    case 'seed': {
      const table = context.seeds?.get(p.name);
      return table ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.identifier)}` : quoteIdentifier(p.name);
    }
    case 'this':
      return relationSql(self, context);
  }
}

/**
 * Reads placeholder texts (`ref:name`...) for `self`, memoised in the context's refCache: every model is
 * referenced many times. `this` differs per model and is not kept; unknown kinds stay as written.
 */
function resolver(self: RenderedModel, context: TargetSqlContext): ResolveBody {
  const cache = (context.refCache ??= new Map());
  return (body) => {
    let sql = cache.get(body);
    if (sql !== undefined) return sql;
    const colon = body.indexOf(':');
    const kind = colon < 0 ? body : body.slice(0, colon);
    if (!isPlaceholderKind(kind)) return undefined;
    sql = placeholderSql(parsePlaceholder(kind, colon < 0 ? undefined : body.slice(colon + 1)), self, context);
    if (!kind.startsWith('this')) cache.set(body, sql);
    return sql;
  };
}

/** Models to inline for `model`, dependencies first, each once. */
function inlinedClosure(model: RenderedModel, context: TargetSqlContext): RenderedModel[] {
  const order: RenderedModel[] = [];
  if (context.target.type !== 'amp' && !context.hasEphemeral) return order;
  const seen = new Set<string>();
  const visit = (current: RenderedModel) => {
    for (const name of [...current.refs].sort()) {
      const dep = context.models.get(name);
      if (!dep || seen.has(name) || !isInlined(dep, context)) continue;
      seen.add(name);
      visit(dep);
      order.push(dep);
    }
  };
  visit(model);
  return order;
}

/**
 * SQL for the chosen target from canonical SQL. On duckdb/postgres references become relations
 * (ephemeral models are inlined as CTEs); on amp every internal reference is inlined as a CTE (but those
 * `datasetOf` names, read from their datasets) and external datasets become quoted references
 * (`"_/eth_firehose@1.0.0".logs`).
 */
export function renderTargetSql(model: RenderedModel, context: TargetSqlContext, sql = model.canonicalSql): string {
  const own = resolveTargetText(sql, resolver(model, context));
  const inlined = inlinedClosure(model, context);
  if (inlined.length === 0) return own;
  const ctes = inlined.map((dep) => {
    const body = resolveTargetText(dep.canonicalSql, resolver(dep, context));
    return `${quoteIdentifier(cteName(dep, context.target))} AS (\n${body}\n)`;
  });
  const split = splitWithClause(own);
  if (!split) return `WITH ${ctes.join(',\n')}\n${own.replace(/^\s+/, '')}`;
  const names = new Set(inlined.map((dep) => cteName(dep, context.target).toLowerCase()));
  for (const cte of split.ctes) {
    if (names.has(cte.name.replace(/^"|"$/g, '').toLowerCase())) {
      throw new CompileError('cte-name-conflict', `CTE '${cte.name}' has the name of a model inlined into it on target '${context.target.name}'`,
        { location: locateCte(model.path, context.files?.get(model.name)?.content, cte.name), hint: 'rename the CTE' });
    }
  }
  const keyword = split.recursive ? 'WITH RECURSIVE' : 'WITH';
  return `${keyword} ${[...ctes, ...split.ctes.map((c) => c.text.trim())].join(',\n')}\n${split.body.replace(/^\s+/, '')}`;
}
