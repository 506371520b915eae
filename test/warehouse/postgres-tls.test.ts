import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chownSync, chmodSync, copyFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openStateStore } from '../../core/state/open-state-store.js';
import { AdapterError } from '../../core/warehouse/adapter-error.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import type { Target } from '../../core/project/project-types.js';
import { tempDir } from '../helpers.js';
import { startPostgresServer, type PostgresServer } from '../support/postgres-server.js';
import { postgresTarget } from './warehouse-engines.js';

/**
 * A PostgreSQL server that takes TLS connections only, with a certificate signed by a certificate authority of
 * the test's own (made with openssl): the target's and the state URL's sslmode, sslrootcert, sslcert and sslkey
 * against a real handshake. The server's certificate names localhost only, so connecting to 127.0.0.1 tells
 * verify-full (host name checked) from verify-ca (not). User `certuser` logs in with a client certificate.
 */
const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
const certs = tempDir();
let server: PostgresServer;
let database = '';

function openssl(...args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: certs, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

/** A key and a certificate for `subject`, signed by the test's authority (ca.pem). */
function signed(name: string, subject: string, extensions: string): void {
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`);
  writeFileSync(join(certs, `${name}.ext`), extensions);
  openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.pem`, '-extfile', `${name}.ext`);
}

before(async () => {
  if (!hasOpenssl) return;
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=amp-dbt test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
  signed('server', '/CN=localhost', 'subjectAltName=DNS:localhost\n');
  signed('client', '/CN=certuser', 'extendedKeyUsage=clientAuth\n');
  chmodSync(join(certs, 'client.key'), 0o600);
  chmodSync(certs, 0o755);
  // Plain connections are refused, so a connection that works used TLS.
  writeFileSync(join(certs, 'pg_hba.conf'), [
    'hostnossl all all 127.0.0.1/32 reject',
    'hostssl all certuser 127.0.0.1/32 cert',
    'hostssl all all 127.0.0.1/32 password',
  ].join('\n') + '\n');
  server = await startPostgresServer({
    flags: ['-c', 'ssl=on', '-c', `ssl_cert_file=${join(certs, 'server.pem')}`, '-c', `ssl_key_file=${join(certs, 'server-owned.key')}`,
      '-c', `ssl_ca_file=${join(certs, 'ca.pem')}`, '-c', `hba_file=${join(certs, 'pg_hba.conf')}`],
    // The server refuses a key file others can read, or one it does not own (it runs as `postgres` under root).
    beforeStart: (dataDir) => {
      const key = join(certs, 'server-owned.key');
      copyFileSync(join(certs, 'server.key'), key);
      const { uid, gid } = statSync(dataDir);
      chownSync(key, uid, gid);
      chmodSync(key, 0o600);
    },
  });
  const admin = await openWarehouse(tlsTarget({ sslmode: 'require' }, 'postgres'), { baseDir: tempDir(), threads: 1 });
  database = `tls_${process.pid}`;
  await admin.execute(`CREATE DATABASE ${database}`);
  await admin.execute('CREATE ROLE certuser LOGIN');
  await admin.close();
});

after(async () => {
  await server?.stop();
});

function tlsTarget(settings: Partial<Target>, db = database): Target {
  const { sslmode: _plain, ...target } = postgresTarget(server.url(db));
  return { ...target, ...settings };
}

async function usesTls(target: Target): Promise<boolean> {
  const warehouse = await openWarehouse(target, { baseDir: tempDir(), threads: 1 });
  try {
    const result = await warehouse.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return result.rows[0]?.ssl === true;
  } finally {
    await warehouse.close();
  }
}

async function connectError(target: Target): Promise<AdapterError> {
  const error = await openWarehouse(target, { baseDir: tempDir(), threads: 1 }).then(async (w) => {
    await w.close();
    return null;
  }, (e: unknown) => e);
  assert.ok(error instanceof AdapterError, `expected an AdapterError, got ${String(error)}`);
  return error;
}

const ca = () => join(certs, 'ca.pem');

test("verify-full checks the server's certificate against sslrootcert and its host name; verify-ca the certificate only", { skip: !hasOpenssl && 'needs openssl' }, async () => {
  assert.equal(await usesTls(tlsTarget({ sslmode: 'verify-full', sslrootcert: ca(), host: 'localhost' })), true);
  assert.equal(await usesTls(tlsTarget({ sslmode: 'verify-ca', sslrootcert: ca() })), true);
  // libpq's rule: require with a root certificate checks it as verify-ca does.
  assert.equal(await usesTls(tlsTarget({ sslmode: 'require', sslrootcert: ca() })), true);
  const wrongHost = await connectError(tlsTarget({ sslmode: 'verify-full', sslrootcert: ca() }));
  assert.equal(wrongHost.code, 'connect-failed');
  assert.match(wrongHost.message, /IP: 127\.0\.0\.1 is not in the cert's list/);
  const unknownAuthority = await connectError(tlsTarget({ sslmode: 'verify-full', host: 'localhost' }));
  assert.match(unknownAuthority.message, /self[- ]signed certificate in certificate chain/);
});

test('sslcert and sslkey log in with a client certificate; a file that cannot be read is connect-failed naming the key', { skip: !hasOpenssl && 'needs openssl' }, async () => {
  const client = { sslcert: join(certs, 'client.pem'), sslkey: join(certs, 'client.key') };
  assert.equal(await usesTls(tlsTarget({ sslmode: 'verify-ca', sslrootcert: ca(), user: 'certuser', password: undefined, ...client })), true);
  const noCertificate = await connectError(tlsTarget({ sslmode: 'verify-ca', sslrootcert: ca(), user: 'certuser', password: undefined }));
  assert.match(noCertificate.message, /certificate/);
  const missing = await connectError(tlsTarget({ sslmode: 'verify-full', sslrootcert: join(certs, 'nope.pem') }));
  assert.equal(missing.message, `target 'pg': sslrootcert '${join(certs, 'nope.pem')}' cannot be read (ENOENT)`);
  const ignored = await connectError(tlsTarget({ sslrootcert: ca() }));
  assert.match(ignored.message, /^target 'pg': sslrootcert is set but sslmode is not set/);
  assert.match(ignored.hint ?? '', /set sslmode: verify-full/);
});

test("a state URL's sslmode and sslrootcert mean what a target's do", { skip: !hasOpenssl && 'needs openssl' }, async () => {
  const url = new URL(server.url(database));
  url.hostname = 'localhost';
  url.search = `?sslmode=verify-full&sslrootcert=${encodeURIComponent(ca())}&connect_timeout=10`;
  const store = await openStateStore({ type: 'postgres', url: url.href });
  await store.close();
  url.search = '?sslmode=verify-full';
  await assert.rejects(openStateStore({ type: 'postgres', url: url.href }), /self[- ]signed certificate in certificate chain/);
  url.search = `?sslrootcert=${encodeURIComponent(ca())}`;
  await assert.rejects(openStateStore({ type: 'postgres', url: url.href }), /sslrootcert is set but sslmode is not set/);
});

test("a target's retries try a server that cannot be reached again, and the error says how often", { skip: !hasOpenssl && 'needs openssl' }, async () => {
  const error = await connectError(tlsTarget({ sslmode: 'require', host: '127.0.0.1', port: 1, retries: 1 }));
  assert.match(error.message, /^cannot connect to PostgreSQL at 127\.0\.0\.1:1 .*\(2 attempts\): .*ECONNREFUSED/);
});
