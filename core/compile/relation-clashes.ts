import type { Diagnostic } from '../errors.js';
import type { ModelConfig, Target } from '../project/project-types.js';
import type { SeedFile } from '../seed/seed-file.js';
import { modelRelation } from './target-sql.js';

interface BuiltModel {
  name: string;
  path: string;
  materialized: string;
  config: ModelConfig;
}

/**
 * Models (and seeds) a SQL warehouse would build as the same relation: the same schema and alias, or names
 * that differ only in letter case (DuckDB's identifiers ignore it). dbt refuses such a project; a run would
 * otherwise let one model's view replace the other's, or fail half-way. Ephemeral models and Amp targets
 * build no relation. One `duplicate-relation` error per model that takes a relation already taken (in the
 * order given: the project's, by path). On PostgreSQL, which cuts names at 63 bytes, a longer name is an
 * `identifier-too-long` error (the cut name would be what the warehouse has: a later run could not find it).
 */
export function relationClashes(models: Iterable<BuiltModel>, seeds: Iterable<SeedFile>, target: Target): Diagnostic[] {
  if (target.type === 'amp') return [];
  // What takes each relation, named only when a clash is reported (a project of 10,000 models has none).
  const taken = new Map<string, BuiltModel | SeedFile>();
  for (const seed of seeds) taken.set(relationKey(seed), seed);
  const clashes: Diagnostic[] = [];
  for (const model of models) {
    if (model.materialized === 'ephemeral') continue;
    const relation = modelRelation(model, target);
    if (target.type === 'postgres' && Buffer.byteLength(relation.identifier) > POSTGRES_MAX_IDENTIFIER_BYTES) {
      clashes.push({
        file: model.path, line: 1, column: 1, code: 'identifier-too-long',
        message: `${modelLabel(model)} would be built as '${relation.identifier}', ${Buffer.byteLength(relation.identifier)} bytes: PostgreSQL keeps ${POSTGRES_MAX_IDENTIFIER_BYTES} of a name`,
        hint: "rename the file, or give it a shorter config(alias='...')",
      });
    }
    const key = relationKey(relation);
    const other = taken.get(key);
    if (other === undefined) {
      taken.set(key, model);
      continue;
    }
    clashes.push({
      file: model.path, line: 1, column: 1, code: 'duplicate-relation',
      message: `${modelLabel(model)} and ${'materialized' in other ? modelLabel(other) : `seed '${other.name}' (${other.path})`} would both be built as ${relation.schema}.${relation.identifier}`,
      hint: clashHint(model),
    });
  }
  return clashes;
}

/** How to part two relations: also the project's naming macros, when they named this one. */
function clashHint(model: BuiltModel): string {
  const macros = [model.config.schema_name !== undefined && 'generate_schema_name', model.config.alias_name !== undefined && 'generate_alias_name'].filter(Boolean);
  const usual = "give one of them another name, or config(alias='...') or config(schema='...')";
  return macros.length === 0 ? usual : `${usual}, or make the project's ${macros.join(' and ')} name them apart`;
}

const modelLabel = (model: BuiltModel): string => `model '${model.name}' (${model.path})`;

/** What PostgreSQL keeps of an identifier (NAMEDATALEN - 1). */
const POSTGRES_MAX_IDENTIFIER_BYTES = 63;

/** How relations are compared: `schema.identifier`, without case (DuckDB's identifiers ignore it). */
export function relationKey(relation: { schema: string; identifier: string }): string {
  return `${relation.schema}.${relation.identifier}`.toLowerCase();
}

/** The relations `models` are built as (relationKey), each with the model named as relationClashes names it. */
export function builtRelations(models: Iterable<BuiltModel>, target: Target): Map<string, string> {
  const relations = new Map<string, string>();
  for (const model of models) {
    if (model.materialized !== 'ephemeral') relations.set(relationKey(modelRelation(model, target)), modelLabel(model));
  }
  return relations;
}
