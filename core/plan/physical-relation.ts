import { hashText } from '../util/hash-text.js';
import type { Target } from '../project/project-types.js';

/** The schema holding every built model version on a SQL warehouse (profile key `physical_schema` overrides it). */
export const PHYSICAL_SCHEMA = 'amp_dbt_physical';

/** The physical schema of a target: its `physical_schema`, else `amp_dbt_physical`. */
export function physicalSchema(target?: Target): string {
  const configured = target?.physical_schema;
  return typeof configured === 'string' && configured ? configured : PHYSICAL_SCHEMA;
}

/** PostgreSQL cuts identifiers at 63 bytes: two versions of a long model name would then collide. */
const MAX_IDENTIFIER_BYTES = 63;

/**
 * `<model>__<fp12>`: the name of one model version in the physical schema. When that is longer than 63
 * bytes, the model's name is cut and a hash of the whole name keeps it unique: `<model prefix>_<hash8>__<fp12>`.
 */
export function physicalName(model: string, fingerprint: string): string {
  const name = `${model}__${fingerprint.slice(0, 12)}`;
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  const tag = `_${hashText('sha256', model).slice(0, 8)}__${fingerprint.slice(0, 12)}`;
  let prefix = model.slice(0, MAX_IDENTIFIER_BYTES - tag.length);
  while (Buffer.byteLength(prefix + tag) > MAX_IDENTIFIER_BYTES) prefix = prefix.slice(0, -1);
  return prefix + tag;
}

/** `amp_dbt_physical.<model>__<fp12>`: one relation per model version, shared by every environment. */
export function physicalRelation(model: string, fingerprint: string, schema = PHYSICAL_SCHEMA): string {
  return `${schema}.${physicalName(model, fingerprint)}`;
}
