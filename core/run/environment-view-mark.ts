import { physicalReferences } from '../drift/physical-reference.js';
import type { RelationInfo } from '../warehouse/warehouse-adapter.js';

/** How the comment on every view amp-dbt makes in an environment's schemas begins. */
const MARK = 'amp-dbt:';

/** The comment an environment view of `model` carries (COMMENT ON VIEW, on DuckDB and PostgreSQL). */
export function environmentViewComment(model: string, environment: string): string {
  return `${MARK} view of model ${model} in environment ${environment}`;
}

/** `COMMENT ON VIEW view IS '...'` for an environment view. */
export function markViewStatement(view: string, model: string, environment: string): string {
  return `COMMENT ON VIEW ${view} IS '${environmentViewComment(model, environment).replace(/'/g, "''")}'`;
}

export const isMarked = (relation: RelationInfo) => relation.comment?.startsWith(MARK) === true;

/**
 * Whether a relation is a view amp-dbt made in an environment: its comment says so. Views made before
 * amp-dbt marked them carry no comment and select from a single relation of the physical schema and
 * nothing else (`SELECT * FROM amp_dbt_physical.orders__3f2a...`); those count too. A view someone wrote
 * over the physical schema (a join, a filter, a comment of its own) is never taken for one.
 */
export function isEnvironmentView(relation: RelationInfo, physicalSchema: string): boolean {
  if (relation.kind !== 'view') return false;
  if (relation.comment) return isMarked(relation);
  const definition = relation.definition ?? '';
  const froms = [...definition.matchAll(/\bfrom\b/gi)];
  if (froms.length !== 1) return false;
  const source = definition.slice(froms[0].index + 4).trim().replace(/;\s*$/, '');
  const unquoted = source.replace(/"(?:[^"]|"")*"/g, 'q');
  return !/[\s(),]/.test(unquoted) && physicalReferences(source, physicalSchema).length === 1;
}
