import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_STATE_PATH, parseStateUrl, resolveStateConfig } from '../../core/state/open-state-store.js';

function refused(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (error: Error & { code?: string; hint?: string }) => {
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    return true;
  });
}

test('SQLite URLs: absolute with three slashes, relative without, in memory, %-escapes decoded', () => {
  assert.deepEqual(parseStateUrl('sqlite:///var/lib/amp-dbt/state.db'), { type: 'sqlite', path: '/var/lib/amp-dbt/state.db' });
  assert.deepEqual(parseStateUrl('sqlite:.amp-dbt/state.db'), { type: 'sqlite', path: '.amp-dbt/state.db' });
  assert.deepEqual(parseStateUrl('sqlite:state.db'), { type: 'sqlite', path: 'state.db' });
  assert.deepEqual(parseStateUrl('sqlite::memory:'), { type: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseStateUrl('sqlite:///tmp/my%20state.db'), { type: 'sqlite', path: '/tmp/my state.db' });
  assert.deepEqual(parseStateUrl('SQLITE:///C:/amp/state.db'), { type: 'sqlite', path: 'C:/amp/state.db' });
  assert.deepEqual(parseStateUrl('  sqlite:state.db\n'), { type: 'sqlite', path: 'state.db' });
});

test('PostgreSQL URLs are passed through as they are', () => {
  const url = 'postgres://amp:s3cret@db.internal:5432/amp_state?sslmode=require';
  assert.deepEqual(parseStateUrl(url), { type: 'postgres', url });
  assert.deepEqual(parseStateUrl('postgresql://localhost/state'), { type: 'postgres', url: 'postgresql://localhost/state' });
});

test('malformed state URLs say what is wrong and which forms work', () => {
  refused(() => parseStateUrl('sqlite://host/state.db'), 'state-url-invalid', /has no host/);
  refused(() => parseStateUrl('sqlite:'), 'state-url-invalid', /file name is missing/);
  refused(() => parseStateUrl('sqlite:///tmp/'), 'state-url-invalid', /file name is missing/);
  refused(() => parseStateUrl('sqlite:///tmp/%E0%A4%A.db'), 'state-url-invalid', /malformed %-escape/);
  refused(() => parseStateUrl('mysql://localhost/state'), 'state-url-invalid', /unknown scheme 'mysql:'/);
  refused(() => parseStateUrl('.amp-dbt/state.db'), 'state-url-invalid', /no scheme/);
  refused(() => parseStateUrl('postgres:///state'), 'state-url-invalid', /needs a host/);
  refused(() => parseStateUrl('postgres://h/state?sslmode=requir'), 'state-url-invalid', /sslmode 'requir' is not a PostgreSQL sslmode \(disable, allow, prefer, require, verify-ca, verify-full, no-verify\)/);
  try {
    parseStateUrl('ftp://x');
  } catch (error) {
    assert.match((error as { hint: string }).hint, /sqlite:\/\/\/absolute\/path\.db, sqlite:relative\/path\.db/);
  }
});

test('a malformed state URL is shown without its password', () => {
  for (const url of ['postgres:/amp:s3cret-pw@db/state', 'postgres//amp:s3cret-pw@db/state', 'postgresql:amp:s3cret-pw@db/state']) {
    assert.throws(() => parseStateUrl(url), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'state-url-invalid');
      assert.doesNotMatch(error.message, /s3cret-pw/);
      assert.match(error.message, /amp:\*\*\*@/);
      return true;
    }, url);
  }
});

test('an explicit URL wins over the profile, which wins over the embedded default', () => {
  assert.deepEqual(resolveStateConfig({}), { type: 'sqlite', path: DEFAULT_STATE_PATH });
  assert.equal(DEFAULT_STATE_PATH, '.amp-dbt/state.db');
  assert.deepEqual(resolveStateConfig({ profile: { type: 'sqlite', path: 'state/amp.db' } }), { type: 'sqlite', path: 'state/amp.db' });
  assert.deepEqual(resolveStateConfig({ profile: { type: 'sqlite' } }), { type: 'sqlite', path: DEFAULT_STATE_PATH });
  assert.deepEqual(resolveStateConfig({ profile: { type: 'postgres', url: 'postgres://h/db' } }), { type: 'postgres', url: 'postgres://h/db' });
  assert.deepEqual(resolveStateConfig({ profile: { url: 'sqlite:x.db' } }), { type: 'sqlite', path: 'x.db' });
  assert.deepEqual(resolveStateConfig({ url: 'postgres://ci/state', profile: { type: 'sqlite', path: 'x.db' } }), { type: 'postgres', url: 'postgres://ci/state' });
});

test('inconsistent profile state settings are refused', () => {
  refused(() => resolveStateConfig({ profile: { type: 'postgres' } }), 'state-config-invalid', /needs state\.url/);
  refused(() => resolveStateConfig({ profile: { type: 'sqlite', url: 'postgres://h/db' } }), 'state-config-invalid', /state\.type is sqlite but state\.url is a postgres URL/);
  refused(() => resolveStateConfig({ profile: { type: 'redis' } }), 'state-config-invalid', /unknown state\.type 'redis'/);
});
