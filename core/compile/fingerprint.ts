import { hashText } from '../util/hash-text.js';
import { normalizeSql } from '../sql/normalize-sql.js';
import type { ModelConfig } from '../project/project-types.js';

/** Config keys that describe a model without changing the data it produces. */
const descriptiveKeys = new Set(['tags', 'description', 'meta', 'docs', 'persist_docs', 'freshness', 'track_column', 'access', 'group',
  'enabled', 'grants', 'full_refresh', 'register', 'deploy', 'end_block', 'start_block', 'contract', 'pre_hook', 'post_hook']);

/** The part of a config that changes data, with keys sorted so key order never matters. */
export function dataConfig(config: ModelConfig): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(config).sort()) {
    if (!descriptiveKeys.has(key) && config[key] !== undefined) out[key] = config[key];
  }
  return out;
}

export interface ContentHashInput {
  canonicalSql: string;
  incrementalSql?: string;
  config: ModelConfig;
  /** Relations of the sources read (`schema.identifier`), any order. */
  sources: string[];
}

export interface FingerprintInput extends ContentHashInput {
  /** Every parent model's name and fingerprint, sorted by name. */
  parents: Array<[name: string, fingerprint: string]>;
}

/**
 * What the model itself contributes to its fingerprint: the normalised canonical SQL (and its incremental
 * form), the configs that change data and the relations of the sources it reads. Comments and whitespace
 * never count; any token does. Kept in manifests, so a fingerprint can be recomputed when only a parent
 * changed without reading or normalising the model's SQL again.
 */
export function contentHash(input: ContentHashInput): string {
  let text = normalizeSql(input.canonicalSql) + '\u0000';
  if (input.incrementalSql !== undefined) text += normalizeSql(input.incrementalSql);
  text += '\u0000' + JSON.stringify(dataConfig(input.config)) + '\u0000';
  text += [...input.sources].sort().join('\n');
  return hashText('sha256', text);
}

/**
 * The data fingerprint (DESIGN.md section 2) from the model's content hash and its parents' fingerprints
 * (`parents` sorted by name): a Merkle hash, so a change anywhere upstream changes every fingerprint below it.
 */
export function fingerprintOf(content: string, parents: readonly string[], fingerprintOfParent: (name: string) => string): string {
  return fingerprintOfParents(content, parents, parents.map(fingerprintOfParent));
}

/** fingerprintOf with the parents' fingerprints given in the order of `parents`. */
export function fingerprintOfParents(content: string, parents: readonly string[], fingerprints: readonly string[]): string {
  let text = content + '\u0000';
  for (let i = 0; i < parents.length; i++) text += `${parents[i]}=${fingerprints[i]}\n`;
  return hashText('sha256', text);
}

/** The data fingerprint of a model given whole (contentHash, then fingerprintOf). */
export function fingerprint(input: FingerprintInput): string {
  const parents = new Map(input.parents);
  return fingerprintOf(contentHash(input), input.parents.map(([name]) => name), (name) => parents.get(name)!);
}
