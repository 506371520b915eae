import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

export type SqliteDatabase = BetterSqlite3.Database;
type Driver = typeof BetterSqlite3;

/**
 * The better-sqlite3 package this Node can run. Version 13 is built on Node-API 10 (Node 22.14 and later) and
 * ships its binaries; version 12 builds on Node's C++ object wrapper, which Node 24.19 and later abort on
 * ("Assertion failed: (env) != nullptr" when a garbage-collected statement is freed), but it is the one that
 * runs on Node 20. Both have the same API; package.json installs 13 under the alias `better-sqlite3-13`.
 */
export function sqliteDriverPackage(napiVersion = Number(process.versions.napi)): 'better-sqlite3' | 'better-sqlite3-13' {
  return napiVersion >= 10 ? 'better-sqlite3-13' : 'better-sqlite3';
}

let loaded: Driver | undefined;

/** The Database class of the driver for this Node, loaded on first use. */
export function sqliteDriver(): Driver {
  return (loaded ??= createRequire(import.meta.url)(sqliteDriverPackage()) as Driver);
}
