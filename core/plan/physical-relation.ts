/** The schema holding every built model version on a SQL warehouse. */
export const PHYSICAL_SCHEMA = 'amp_dbt_physical';

/** `amp_dbt_physical.<model>__<fp12>`: one relation per model version, shared by every environment. */
export function physicalRelation(model: string, fingerprint: string): string {
  return `${PHYSICAL_SCHEMA}.${model}__${fingerprint.slice(0, 12)}`;
}
