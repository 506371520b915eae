import { isModelConfigKey } from './model-config-keys.js';
import type { Mapping } from './mapping-reader.js';

/** One level of the `models:` folder tree of dbt_project.yml, split into its parts. */
export interface ConfigTreeLevel {
  /** Configs set at this level, keyed without the `+`. */
  configs: Mapping;
  /** The key as written for each config (`+materialized` or `materialized`). */
  writtenKeys: Map<string, string>;
  /** Sub-folders (or, at the top, the project name) and their levels as written. */
  folders: Map<string, unknown>;
  /** Keys that are neither a config nor an existing folder. */
  unknown: string[];
}

/**
 * `+key` is a config; a known config key without `+` is a config too (dbt compat) unless a folder of
 * that name exists; any other key must name a folder (`isFolder`).
 */
export function splitConfigTreeLevel(level: Mapping, isFolder: (name: string) => boolean): ConfigTreeLevel {
  const out: ConfigTreeLevel = { configs: {}, writtenKeys: new Map(), folders: new Map(), unknown: [] };
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) addConfig(out, key.slice(1), key, value);
    else if (isFolder(key)) out.folders.set(key, value);
    else if (isModelConfigKey(key)) addConfig(out, key, key, value);
    else out.unknown.push(key);
  }
  return out;
}

function addConfig(out: ConfigTreeLevel, name: string, written: string, value: unknown): void {
  out.configs[name] = value;
  out.writtenKeys.set(name, written);
}
