import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sslOfMode, withSslMode } from '../../core/util/postgres-ssl-mode.js';

test("an sslmode means one thing for a target and a state URL (libpq's require: TLS, the certificate not checked)", () => {
  assert.deepEqual(['disable', 'allow', 'prefer', 'require', 'no-verify', 'verify-ca', 'verify-full', 'requir'].map(sslOfMode),
    [false, false, false, { rejectUnauthorized: false }, { rejectUnauthorized: false }, { rejectUnauthorized: true }, { rejectUnauthorized: true }, undefined]);
  // The URL's sslmode is taken out (the driver would read require as verify-full) and given as `ssl`.
  assert.deepEqual(withSslMode('postgres://u:p@h:5432/db?sslmode=require'), { connectionString: 'postgres://u:p@h:5432/db', ssl: { rejectUnauthorized: false } });
  assert.deepEqual(withSslMode('postgres://h/db?sslmode=disable&application_name=x'), { connectionString: 'postgres://h/db?application_name=x', ssl: false });
  assert.deepEqual(withSslMode('postgres://h/db?application_name=x&sslmode=verify-full&connect_timeout=5'), { connectionString: 'postgres://h/db?application_name=x&connect_timeout=5', ssl: { rejectUnauthorized: true } });
  assert.deepEqual(withSslMode('postgres://h/db'), { connectionString: 'postgres://h/db' });
});
