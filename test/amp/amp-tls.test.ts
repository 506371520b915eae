import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startAmpServer, type AmpServer } from '../../fixtures/amp-server/start-amp-server.js';
import { commit, initRepo } from '../git/git-test-repo.js';
import { fixture, tempDir } from '../helpers.js';
import { spawnCli, type CliOutput } from './spawn-cli.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
let server: AmpServer;
let certFile = '';

/** A self-signed certificate for localhost (it is its own certificate authority). */
function makeCertificate(dir: string): { cert: string; key: string } {
  const result = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
}

function amp(dir: string, args: string[], trust: boolean): Promise<CliOutput> {
  // Node's https (the Admin API, JSON Lines) trusts NODE_EXTRA_CA_CERTS; gRPC reads its roots from GRPC_DEFAULT_SSL_ROOTS_FILE_PATH.
  const trustEnv = trust ? { NODE_EXTRA_CA_CERTS: certFile, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: certFile } : { NODE_EXTRA_CA_CERTS: '', GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: '' };
  return spawnCli(dir, args, { NO_COLOR: '1', AMP_DBT_REPO: 'acme/tls', AMP_TOKEN: 'tls-secret-token', ...trustEnv });
}

before(async () => {
  if (!hasOpenssl) return;
  const dir = tempDir();
  const tls = makeCertificate(dir);
  certFile = join(dir, 'cert.pem');
  server = await startAmpServer({ tls, token: 'tls-secret-token', jobStepMs: 50 });
});

after(async () => {
  await server?.stop();
});

test('over TLS: the Admin API (https), Flight SQL (gRPC over TLS) and JSON Lines (https) with a bearer token', { skip: !hasOpenssl && 'openssl is not installed' }, async () => {
  assert.match(server.url.admin, /^https:/);
  const dir = initRepo();
  cpSync(fixture('erc20_transfers'), dir, { recursive: true, filter: (src) => !src.includes('.amp-dbt') });
  const output = (name: string, transport: string) => `    ${name}:\n      type: amp\n      host: localhost\n      tls: true\n      transport: ${transport}\n`
    + `      flight_port: ${server.flightPort}\n      jsonl_port: ${server.jsonlPort}\n      admin_port: ${server.adminPort}\n      namespace: erc20\n      token: "\${AMP_TOKEN}"\n`;
  writeFileSync(join(dir, 'profiles.yml'), `erc20_transfers:\n  target: amp\n  outputs:\n${output('amp', 'flight')}${output('amp_jsonl', 'jsonl')}`);
  writeFileSync(join(dir, '.gitignore'), '.amp-dbt/\n');
  commit(dir, 'example over tls');

  const flight = await amp(dir, ['run', '--env', 'prod', '--json'], true);
  assert.equal(flight.code, 0, flight.stderr);
  const models = JSON.parse(flight.stdout).models as { model: string; action: string; status: string; rows: number | null }[];
  assert.deepEqual(models.filter((m) => m.action === 'adhoc').map((m) => [m.model, m.status, (m.rows ?? 0) > 0]).sort(),
    [['dim_tokens', 'success', true], ['token_daily_volume', 'success', true], ['top_senders', 'success', true]]);
  const jsonl = await amp(dir, ['run', '--target', 'amp_jsonl', '--env', 'staging', '--json'], true);
  assert.equal(jsonl.code, 0, jsonl.stderr);
  assert.ok(JSON.parse(jsonl.stdout).models.every((m: { status: string }) => m.status === 'success' || m.status === 'reused'));

  const untrusted = await amp(dir, ['run', '--env', 'prod'], false);
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stderr, /certificate|self-signed|SSL|TLS/i);
  for (const out of [flight, jsonl, untrusted]) assert.ok(!(out.stdout + out.stderr).includes('tls-secret-token'), 'the token is never printed');
});
