import { createHash } from 'node:crypto';
import { normalizeSql } from '../sql/normalize-sql.js';
import type { ModelConfig } from '../project/project-types.js';

/** Config keys that describe a model without changing the data it produces. */
const descriptiveKeys = new Set(['tags', 'description', 'meta', 'docs', 'persist_docs', 'freshness', 'track_column',
  'enabled', 'grants', 'full_refresh', 'register', 'deploy', 'end_block', 'start_block', 'contract']);

/** The part of a config that changes data, with keys sorted so key order never matters. */
export function dataConfig(config: ModelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) {
    if (!descriptiveKeys.has(key) && config[key] !== undefined) out[key] = config[key];
  }
  return out;
}

export interface FingerprintInput {
  canonicalSql: string;
  incrementalSql?: string;
  config: ModelConfig;
  /** Every parent model's name and fingerprint, sorted by name. */
  parents: Array<[name: string, fingerprint: string]>;
  /** Relations of the sources read (`schema.identifier`), any order. */
  sources: string[];
}

/**
 * The data fingerprint (DESIGN.md section 2): a hash of the normalised canonical SQL, the configs
 * that change data and the parents' fingerprints. Comments and whitespace never count; any token does.
 */
export function fingerprint(input: FingerprintInput): string {
  let text = normalizeSql(input.canonicalSql) + '\u0000';
  if (input.incrementalSql !== undefined) text += normalizeSql(input.incrementalSql);
  text += '\u0000' + JSON.stringify(dataConfig(input.config)) + '\u0000';
  for (const [name, parent] of input.parents) text += `${name}=${parent}\n`;
  text += '\u0000' + [...input.sources].sort().join('\n');
  return createHash('sha256').update(text).digest('hex');
}
