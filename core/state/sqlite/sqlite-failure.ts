import { StateError } from '../state-error.js';

/** better-sqlite3's errors carry SQLite's result code (`SQLITE_READONLY`, `SQLITE_FULL` ...). */
function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** What to do about a failed SQLite call (by its result code); undefined when it is not a SQLite failure. */
export function sqliteHint(error: unknown, path: string): string | undefined {
  const code = sqliteCode(error);
  return code === undefined ? undefined : hintFor(code, path);
}

function hintFor(code: string, path: string): string {
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return `the state database must be writable, and so must its folder (SQLite keeps -wal and -shm files beside it): check the permissions of ${path}, or point AMP_DBT_STATE_URL at another file`;
  }
  if (code.startsWith('SQLITE_FULL')) return 'the disk is full: free some space and run the command again';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return `${path} is damaged or not a SQLite database: restore it from a copy, or move it away and record the commits again (amp-dbt state record)`;
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'another process held the database for longer than the busy timeout: run the command again';
  return `check ${path}`;
}

/** A SQLite failure as a state error naming the database and what to do; any other error as it is. */
function sqliteFailure(error: unknown, path: string): unknown {
  const code = sqliteCode(error);
  if (code === undefined || error instanceof StateError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StateError('state-database-failed', `the SQLite state database at ${path} failed: ${reason} (${code})`, { hint: hintFor(code, path), cause: error });
}

/**
 * `store` with every method's SQLite failures (a read-only file, a full disk, a damaged file) turned into
 * state errors (sqliteFailure): the CLI prints them as errors with a hint, not as internal errors.
 */
export function withSqliteFailures<T extends object>(store: T, path: string): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = value.apply(target, args);
          return result instanceof Promise ? result.catch((error: unknown) => { throw sqliteFailure(error, path); }) : result;
        } catch (error) {
          throw sqliteFailure(error, path);
        }
      };
    },
  });
}
