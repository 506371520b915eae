import type { CompiledModel, RenderedModel } from '../../compile/compiled-model.js';
import { relationPart, replacePlaceholders, type Placeholder } from '../../compile/placeholders.js';
import { locateCte } from '../../compile/locate-cte.js';
import { quoteIdentifier } from '../../compile/target-sql.js';
import { CompileError } from '../../errors.js';
import type { ModelFile, SourceDefinition, SourceTable } from '../../project/project-types.js';
import { splitWithClause } from '../../sql/split-with-clause.js';
import { isRegistered, modelDatasetReference, parseDatasetRef } from '../amp-naming.js';
import type { DependencyAliases } from './dependency-aliases.js';

export interface ManifestSqlContext {
  namespace: string;
  models: Map<string, CompiledModel>;
  sources: Map<string, { source: SourceDefinition; table: SourceTable }>;
  /**
   * Inline registered parents too (as CTEs, like ephemeral ones), so the SQL reads only external datasets:
   * `compile --check` validates a model this way before its parents are registered.
   */
  inlineParents?: boolean;
  /** The model files by model name: errors about a model's SQL point at their line and column there. */
  files?: ReadonlyMap<string, ModelFile>;
}

const SIMPLE_NAME = /^[a-z_][a-z0-9_]*$/;
const sqlName = (name: string) => (SIMPLE_NAME.test(name) ? name : quoteIdentifier(name));

function locationOf(model: RenderedModel, name?: string) {
  return (name && model.refLocations[name]) || { file: model.path };
}

/**
 * Renders one model's canonical SQL as the SQL of a derived-dataset table: every dataset it reads is
 * named by its dependency alias, `alias.table`. A registered parent model is the dataset
 * `<namespace>/<parent>@<its fingerprint's version>` aliased by its name, with one table of the same name
 * (`stg_blocks.stg_blocks`); an external dataset keeps the alias it was declared with (`eth.logs`); a
 * source whose schema is a dataset reference is aliased by the source name (`eth_firehose.blocks`).
 * Ephemeral parents are inlined as CTEs named after them. Problems are pushed to `errors`.
 * An inlined model's own CTE names must differ from the names of models inlined beside it.
 */
export function manifestSql(model: CompiledModel, context: ManifestSqlContext, aliases: DependencyAliases, errors: CompileError[]): string {
  const inlined = (m: RenderedModel) => m.materialized === 'ephemeral' || (!!context.inlineParents && isRegistered(m));
  const resolve = (self: RenderedModel) => (p: Placeholder): string => {
    if (p.attribute) {
      // A part of a relation (`this.schema`, `ref('m').identifier`): of what the relation reads as here. The
      // model's own table is `<namespace>/<model>@<version>`'s table of its name; naming it reads nothing.
      if (p.kind === 'this') return p.attribute === 'schema' ? context.namespace : p.attribute === 'database' ? '' : self.name;
      return relationPart(resolve(self)({ ...p, attribute: undefined }), p.attribute) ?? '';
    }
    switch (p.kind) {
      case 'ref': {
        const parent = context.models.get(p.name);
        if (parent && inlined(parent)) return sqlName(p.name);
        if (parent && isRegistered(parent)) {
          return `${aliases.alias(p.name, modelDatasetReference(context.namespace, parent))}.${sqlName(p.name)}`;
        }
        errors.push(new CompileError('unregistered-parent', `registered model '${model.name}' reads '${p.name}', which is not registered on Amp (register: false)`,
          { location: locationOf(self, p.name), hint: `register '${p.name}', make it ephemeral, or set register: false on '${model.name}' too` }));
        return sqlName(p.name);
      }
      case 'dataset': {
        const declared = Object.entries(self.datasets).find(([, reference]) => reference === p.reference)?.[0];
        return aliases.alias(declared ?? parseDatasetRef(p.reference)?.name ?? 'dataset', p.reference);
      }
      case 'source': {
        const found = context.sources.get(`${p.source}.${p.table}`);
        const reference = found && !found.source.database ? parseDatasetRef(found.source.schema) : null;
        if (found && reference) return `${aliases.alias(p.source, found.source.schema)}.${sqlName(found.table.identifier)}`;
        errors.push(new CompileError('source-not-on-amp', `source '${p.source}.${p.table}' is not an Amp dataset, so '${model.name}' cannot be registered`,
          { location: { file: self.path }, hint: `give source '${p.source}' a schema that is a dataset reference, e.g. schema: '_/eth_firehose@1.0.0'` }));
        return `${p.source}.${p.table}`;
      }
      case 'seed':
        // Reported by compile (seed-not-on-amp); never reached for a project that compiled.
        return sqlName(p.name);
      case 'this':
        errors.push(new CompileError('self-reference', `registered model '${model.name}' reads itself ({{ this }}) outside is_incremental()`,
          { location: { file: self.path }, hint: 'a derived dataset cannot read its own table; Amp keeps it up to date block by block' }));
        return sqlName(model.name);
    }
  };
  const body = (m: RenderedModel) => stripSemicolon(replacePlaceholders(m.canonicalSql, resolve(m)));
  const own = body(model);
  const closure = inlinedClosure(model, context.models, inlined);
  if (closure.length === 0) return own;
  const ctes = closure.map((dep) => `${sqlName(dep.name)} AS (\n${body(dep)}\n)`);
  const split = splitWithClause(own);
  if (!split) return `WITH ${ctes.join(',\n')}\n${own.replace(/^\s+/, '')}`;
  const names = new Set(closure.map((dep) => dep.name.toLowerCase()));
  const clash = split.ctes.find((cte) => names.has(cte.name.toLowerCase()));
  if (clash) {
    errors.push(new CompileError('cte-name-conflict', `CTE '${clash.name}' of '${model.name}' has the name of a model inlined into it`,
      { location: locateCte(model.path, context.files?.get(model.name)?.content, clash.name), hint: 'rename the CTE' }));
  }
  return `${split.recursive ? 'WITH RECURSIVE' : 'WITH'} ${[...ctes, ...split.ctes.map((c) => c.text.trim())].join(',\n')}\n${split.body}`;
}

/** Models inlined into `model` (ephemeral ones, directly or through each other), dependencies first. */
function inlinedClosure(model: RenderedModel, models: Map<string, RenderedModel>, inlined: (m: RenderedModel) => boolean): RenderedModel[] {
  const order: RenderedModel[] = [];
  const seen = new Set<string>();
  const visit = (current: RenderedModel) => {
    for (const name of [...current.refs].sort()) {
      const dep = models.get(name);
      if (!dep || !inlined(dep) || seen.has(name)) continue;
      seen.add(name);
      visit(dep);
      order.push(dep);
    }
  };
  visit(model);
  return order;
}

function stripSemicolon(sql: string): string {
  const text = sql.trim();
  return text.endsWith(';') ? text.slice(0, -1).trimEnd() : text;
}
