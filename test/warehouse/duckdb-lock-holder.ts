/**
 * A second process for the DuckDB locking tests: `node duckdb-lock-holder.js FILE hold` opens the database,
 * prints `ready` and keeps it open until its stdin closes; `... FILE open` opens and closes it, printing
 * `opened` (or `failed: <message>` and exit code 1).
 */
import { DuckDBInstance } from '@duckdb/node-api';

const [path, mode] = process.argv.slice(2);
try {
  const instance = await DuckDBInstance.create(path);
  if (mode === 'hold') {
    process.stdout.write('ready\n');
    process.stdin.on('end', () => instance.closeSync());
    process.stdin.resume();
  } else {
    instance.closeSync();
    process.stdout.write('opened\n');
  }
} catch (error) {
  process.stdout.write(`failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
