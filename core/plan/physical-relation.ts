import type { Target } from '../project/project-types.js';

/** The schema holding every built model version on a SQL warehouse (profile key `physical_schema` overrides it). */
export const PHYSICAL_SCHEMA = 'amp_dbt_physical';

/** The physical schema of a target: its `physical_schema`, else `amp_dbt_physical`. */
export function physicalSchema(target?: Target): string {
  const configured = target?.physical_schema;
  return typeof configured === 'string' && configured ? configured : PHYSICAL_SCHEMA;
}

/** `<model>__<fp12>`: the name of one model version in the physical schema. */
export function physicalName(model: string, fingerprint: string): string {
  return `${model}__${fingerprint.slice(0, 12)}`;
}

/** `amp_dbt_physical.<model>__<fp12>`: one relation per model version, shared by every environment. */
export function physicalRelation(model: string, fingerprint: string, schema = PHYSICAL_SCHEMA): string {
  return `${schema}.${physicalName(model, fingerprint)}`;
}
