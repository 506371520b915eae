import type { StateStore } from '../../core/state/state-store.js';

/** What the contract suite needs from an engine besides the store itself. */
export interface StateStoreHarness {
  /** The state URL of a new, empty database. */
  newDatabaseUrl(): Promise<string>;
  /** Raw SQL on a database (tables unqualified); rows for a SELECT, [] otherwise. */
  query(url: string, sql: string): Promise<Record<string, unknown>[]>;
  /** Creates the schema up to `version` only, as an older amp-dbt would have left it. */
  migrateTo(url: string, version: number): Promise<void>;
  /** The newest schema version the code knows. */
  latestVersion: number;
}

/** What each part of the contract gets: the shared store (one database for the whole suite) and the harness. */
export interface ContractContext {
  store(): StateStore;
  harness(): StateStoreHarness;
  /** The URL of the shared database. */
  url(): string;
  /** A repository id no other test uses, so tests share the database without seeing each other. */
  repo(label: string): string;
}
