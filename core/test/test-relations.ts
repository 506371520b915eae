import type { CompileResult } from '../compile/compile-project.js';
import type { RenderedModel } from '../compile/compiled-model.js';
import { quoteIdentifier, renderTargetSql, sourceRelation, type TargetSqlContext } from '../compile/target-sql.js';
import type { Location } from '../project/project-types.js';
import { environmentRelation } from '../run/environment-schema.js';
import { didYouMean } from '../util/did-you-mean.js';
import { DataTestError } from './data-test-error.js';

/** A relation a test reads, to name it when it is missing. */
export interface ReadRelation {
  /** `model fct_transfers` or `source eth_firehose.logs`. */
  what: string;
  schema: string;
  identifier: string;
}

/** What `to:` of a relationships test names. */
export type RelationshipTarget = { model: string } | { source: string } | { seed: string };

const refPattern = /^\s*ref\(\s*(?:['"][^'"]*['"]\s*,\s*)?['"]([^'"]+)['"]\s*\)\s*$/;
const sourcePattern = /^\s*source\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]+)['"]\s*\)\s*$/;

/** The model (or seed) or source table `to:` of a relationships test names, read from its text alone (unchecked). */
export function relationshipParent(to: unknown): { model: string } | { source: string } | null {
  if (typeof to !== 'string') return null;
  const ref = refPattern.exec(to);
  if (ref) return { model: ref[1] };
  const source = sourcePattern.exec(to);
  return source ? { source: `${source[1]}.${source[2]}` } : null;
}

/**
 * What `to:` of a relationships test names (`ref('x')`, `source('s', 't')`): a model, a seed or a declared
 * source of `result`; throws DataTestError (`invalid-test`) for anything else.
 */
export function relationshipTarget(result: Pick<CompileResult, 'byName' | 'sqlContext' | 'sources'>, to: string, location: Location): RelationshipTarget {
  const ref = refPattern.exec(to);
  if (ref) {
    if (result.byName.has(ref[1])) return { model: ref[1] };
    if (result.sqlContext.seeds?.has(ref[1])) return { seed: ref[1] };
    throw new DataTestError('invalid-test', `'to' names model '${ref[1]}', which does not exist or is disabled`,
      { location, hint: didYouMean(ref[1], result.byName.keys()) || null });
  }
  const source = sourcePattern.exec(to);
  if (source) {
    const key = `${source[1]}.${source[2]}`;
    if (result.sources.has(key)) return { source: key };
    throw new DataTestError('invalid-test', `'to' names source '${key}', which is not declared`, { location, hint: didYouMean(key, result.sources.keys()) || null });
  }
  throw new DataTestError('invalid-test', `'to' must be "ref('model')" or "source('source', 'table')", got '${to}'`, { location, hint: `write to: "ref('customers')"` });
}

/**
 * Where tests find models and sources in one environment: models at their environment views
 * (environmentRelation), ephemeral models inlined as subqueries, sources at their own relations.
 */
export class TestRelations {
  readonly sqlContext: TargetSqlContext;

  constructor(private readonly result: CompileResult, readonly environment: string) {
    const target = result.target;
    this.sqlContext = { ...result.sqlContext, relationFor: (model) => environmentRelation(model, target, environment), refCache: new Map() };
  }

  /** A model's relation as SQL: its environment view, or an ephemeral model's query in parentheses. */
  modelSql(name: string): string {
    const model = this.result.byName.get(name)!;
    if (model.materialized === 'ephemeral') return `(\n${renderTargetSql(model, this.sqlContext)}\n)`;
    const r = environmentRelation(model, this.result.target, this.environment);
    return `${quoteIdentifier(r.schema)}.${quoteIdentifier(r.identifier)}`;
  }

  sourceSql(key: string): string {
    const found = this.result.sources.get(key)!;
    return sourceRelation(found.source, found.table);
  }

  /** A singular test (compiled as a model) as SQL against the environment. */
  renderSql(model: RenderedModel): string {
    return renderTargetSql(model, this.sqlContext);
  }

  /** Reads `to:` (`ref('x')`, `source('s', 't')`), checking that it names a model or declared source. */
  relationshipTarget(to: string, location: Location): RelationshipTarget {
    return relationshipTarget(this.result, to, location);
  }

  targetSql(target: RelationshipTarget): string {
    if ('model' in target) return this.modelSql(target.model);
    if ('seed' in target) return this.seedSql(target.seed);
    return this.sourceSql(target.source);
  }

  /** A seed's table (seeds are loaded once per target, not per environment). */
  seedSql(name: string, location?: Location): string {
    const table = this.result.sqlContext.seeds?.get(name);
    if (!table) {
      throw new DataTestError('invalid-test', `no seed file is named '${name}' (or a model of that name takes its place)`, {
        location, hint: `put the seed at seeds/${name}.csv, or fix the name in the property file`,
      });
    }
    return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.identifier)}`;
  }

  /** The stored relations behind models and sources (ephemeral models: what they read), each once. */
  reads(models: readonly string[], sources: readonly string[], seeds: readonly string[] = []): ReadRelation[] {
    const out = new Map<string, ReadRelation>();
    const visit = (name: string) => {
      const model = this.result.byName.get(name);
      if (!model) return;
      if (model.materialized !== 'ephemeral') {
        const r = environmentRelation(model, this.result.target, this.environment);
        out.set(`model:${name}`, { what: `model ${name}`, ...r });
        return;
      }
      model.refs.forEach(visit);
      model.sources.forEach(addSource);
    };
    const addSource = (key: string) => {
      const found = this.result.sources.get(key);
      if (found) out.set(`source:${key}`, { what: `source ${key}`, schema: found.source.schema, identifier: found.table.identifier });
    };
    models.forEach(visit);
    sources.forEach(addSource);
    for (const name of seeds) {
      const table = this.result.sqlContext.seeds?.get(name);
      if (table) out.set(`seed:${name}`, { what: `seed ${name}`, schema: table.schema, identifier: table.identifier });
    }
    return [...out.values()];
  }
}
