import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { StateStoreConfig } from './parse-state-url.js';
import type { StateStore } from './state-store.js';

export { DEFAULT_STATE_PATH, parseStateUrl, resolveStateConfig, type StateSettings, type StateStoreConfig } from './parse-state-url.js';

export interface OpenStateStoreOptions {
  /** What a relative SQLite path is relative to: the project directory. */
  baseDir?: string;
  /** SQLite: how long to wait for another process's write (default 10 s). */
  busyTimeoutMs?: number;
  /** PostgreSQL: pool size (default 4). */
  maxConnections?: number;
}

/**
 * Opens the state database, creating and migrating it as needed. Each engine is imported on first
 * use, so SQLite users never load pg and the other way round.
 */
export async function openStateStore(config: StateStoreConfig, options: OpenStateStoreOptions = {}): Promise<StateStore> {
  if (config.type === 'postgres') {
    const { openPostgresStateStore } = await import('./postgres/postgres-state-store.js');
    return openPostgresStateStore(config.url, { maxConnections: options.maxConnections });
  }
  const { openSqliteStateStore } = await import('./sqlite/sqlite-state-store.js');
  const path = config.path === ':memory:' || isAbsolute(config.path) || options.baseDir === undefined
    ? config.path
    : resolve(options.baseDir, config.path);
  // A project's own `.amp-dbt/` is made on first use; another folder must exist (a typo is not a new database).
  return openSqliteStateStore(path, { busyTimeoutMs: options.busyTimeoutMs, createFolder: basename(dirname(path)) === '.amp-dbt' });
}
