import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitConnectionUrl, sslOfMode, sslOption, SslSettingsError } from '../../core/util/postgres-ssl-mode.js';

/** An ssl option without its functions (verify-ca's checkServerIdentity), and whether it had one. */
function shape(ssl: unknown): unknown {
  if (typeof ssl !== 'object' || ssl === null) return ssl;
  const { checkServerIdentity, ...rest } = ssl as Record<string, unknown>;
  return { ...rest, ...(checkServerIdentity ? { hostNameChecked: false } : {}) };
}

const files: Record<string, string> = { '/ca.pem': 'CA', '/client.pem': 'CERT', '/client.key': 'KEY' };
const readFile = (path: string) => {
  if (!(path in files)) throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
  return files[path];
};

function sslError(settings: Parameters<typeof sslOption>[0]): SslSettingsError {
  try {
    sslOption(settings, readFile);
  } catch (error) {
    assert.ok(error instanceof SslSettingsError, String(error));
    return error;
  }
  assert.fail('expected an SslSettingsError');
}

test("an sslmode means one thing for a target and a state URL (libpq's require: TLS, the certificate not checked)", () => {
  assert.deepEqual(['disable', 'allow', 'prefer', 'require', 'no-verify', 'verify-ca', 'verify-full', 'requir'].map((m) => shape(sslOfMode(m))),
    [false, false, false, { rejectUnauthorized: false }, { rejectUnauthorized: false }, { rejectUnauthorized: true, hostNameChecked: false },
      { rejectUnauthorized: true }, undefined]);
  // verify-ca checks the certificate's chain, not the host name it is for.
  const verifyCa = sslOfMode('verify-ca') as { checkServerIdentity: (host: string, cert: unknown) => Error | undefined };
  assert.equal(verifyCa.checkServerIdentity('db.internal', {}), undefined);
});

test('sslrootcert, sslcert and sslkey are read and given to the driver; require with a root certificate is verify-ca, as in libpq', () => {
  assert.equal(sslOption({}, readFile), undefined);
  assert.deepEqual(shape(sslOption({ sslmode: 'verify-full', sslrootcert: '/ca.pem' }, readFile)), { rejectUnauthorized: true, ca: 'CA' });
  assert.deepEqual(shape(sslOption({ sslmode: 'verify-ca', sslrootcert: '/ca.pem', sslcert: '/client.pem', sslkey: '/client.key' }, readFile)),
    { rejectUnauthorized: true, hostNameChecked: false, ca: 'CA', cert: 'CERT', key: 'KEY' });
  assert.deepEqual(shape(sslOption({ sslmode: 'require', sslrootcert: '/ca.pem' }, readFile)), { rejectUnauthorized: true, hostNameChecked: false, ca: 'CA' });
  assert.deepEqual(shape(sslOption({ sslmode: 'require', sslcert: '/client.pem', sslkey: '/client.key' }, readFile)), { rejectUnauthorized: false, cert: 'CERT', key: 'KEY' });
});

test('TLS settings that cannot be used as given are errors saying what to set, not ignored', () => {
  const missing = sslError({ sslmode: 'verify-full', sslrootcert: '/nope.pem' });
  assert.equal(missing.message, "sslrootcert '/nope.pem' cannot be read (ENOENT)");
  assert.match(missing.hint, /certificate authority that signed the server's certificate/);
  const noMode = sslError({ sslrootcert: '/ca.pem' });
  assert.equal(noMode.message, 'sslrootcert is set but sslmode is not set, so amp-dbt connects without TLS and would not use it');
  assert.match(noMode.hint, /set sslmode: verify-full/);
  assert.equal(sslError({ sslmode: 'prefer', sslcert: '/client.pem', sslkey: '/client.key' }).message,
    "sslcert and sslkey are set but sslmode 'prefer' connects without TLS and would not use them");
  assert.equal(sslError({ sslmode: 'require', sslcert: '/client.pem' }).message, 'sslcert is set without sslkey');
  assert.equal(sslError({ sslmode: 'sometimes' }).message, "sslmode 'sometimes' is not a PostgreSQL sslmode");
});

test("a URL's TLS parameters and connect_timeout are taken out (the driver reads them its own way) and returned", () => {
  assert.deepEqual(splitConnectionUrl('postgres://u:p@h:5432/db?sslmode=require'), { connectionString: 'postgres://u:p@h:5432/db', settings: { sslmode: 'require' } });
  assert.deepEqual(splitConnectionUrl('postgres://h/db?sslmode=disable&application_name=x'), { connectionString: 'postgres://h/db?application_name=x', settings: { sslmode: 'disable' } });
  assert.deepEqual(splitConnectionUrl('postgres://h/db?application_name=x&sslmode=verify-full&connect_timeout=5&sslrootcert=%2Fetc%2Fca.pem'),
    { connectionString: 'postgres://h/db?application_name=x', settings: { sslmode: 'verify-full', connect_timeout: '5', sslrootcert: '/etc/ca.pem' } });
  assert.deepEqual(splitConnectionUrl('postgres://h/db'), { connectionString: 'postgres://h/db', settings: {} });
});
