import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../helpers.js';
import { join, relative } from 'node:path';
import { Diagnostics } from '../../core/errors.js';
import { loadProfile, type LoadProfileOptions } from '../../core/project/load-profile.js';

/** A temporary project folder and home folder, with the given profiles.yml files. */
function setup(files: { project?: string; home?: string; dir?: string }) {
  const base = tempDir('amp-dbt-profile-');
  const projectRoot = join(base, 'project');
  const homeDir = join(base, 'home');
  const profilesDir = join(base, 'profiles');
  mkdirSync(projectRoot);
  mkdirSync(join(homeDir, '.amp-dbt'), { recursive: true });
  mkdirSync(profilesDir);
  if (files.project !== undefined) writeFileSync(join(projectRoot, 'profiles.yml'), files.project);
  if (files.home !== undefined) writeFileSync(join(homeDir, '.amp-dbt', 'profiles.yml'), files.home);
  if (files.dir !== undefined) writeFileSync(join(profilesDir, 'profiles.yml'), files.dir);
  return { projectRoot, homeDir, profilesDir };
}

function load(options: Omit<LoadProfileOptions, 'profileName' | 'env'> & Partial<LoadProfileOptions>) {
  const diagnostics = new Diagnostics();
  const profile = loadProfile({ profileName: 'shop', env: {}, ...options }, diagnostics);
  return { profile, diagnostics: diagnostics.sorted() };
}

const duck = (path: string) => `shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${path}\n`;

test('no profiles.yml anywhere: the embedded DuckDB default', () => {
  const { projectRoot, homeDir } = setup({});
  const { profile, diagnostics } = load({ projectRoot, homeDir });
  assert.deepEqual(diagnostics, []);
  const target = { name: 'dev', type: 'duckdb', path: '.amp-dbt/warehouse.duckdb', schema: 'main' };
  assert.deepEqual(profile, { file: null, name: 'shop', target, targets: { dev: target }, defaultTarget: 'dev' });
});

test('lookup order: --profiles-dir, then the project root, then ~/.amp-dbt', () => {
  const dirs = setup({ project: duck('project.duckdb'), home: duck('home.duckdb'), dir: duck('dir.duckdb') });
  assert.equal(load({ ...dirs }).profile.target.path, 'dir.duckdb');
  assert.equal(load({ ...dirs, profilesDir: undefined }).profile.target.path, 'project.duckdb');
  const homeOnly = setup({ home: duck('home.duckdb') });
  const { profile } = load({ projectRoot: homeOnly.projectRoot, homeDir: homeOnly.homeDir });
  assert.equal(profile.target.path, 'home.duckdb');
  assert.equal(profile.file, join(homeOnly.homeDir, '.amp-dbt', 'profiles.yml'));
});

test('AMP_DBT_PROFILES_DIR names the folder when --profiles-dir does not (relative to the current folder)', () => {
  const dirs = setup({ project: duck('project.duckdb'), dir: duck('dir.duckdb') });
  const env = { AMP_DBT_PROFILES_DIR: relative(process.cwd(), dirs.profilesDir) };
  assert.equal(load({ ...dirs, profilesDir: undefined, env }).profile.target.path, 'dir.duckdb');
  assert.equal(load({ ...dirs, profilesDir: dirs.projectRoot, env }).profile.target.path, 'project.duckdb', '--profiles-dir wins');
  assert.equal(load({ ...dirs, profilesDir: undefined, env: { AMP_DBT_PROFILES_DIR: '' } }).profile.target.path, 'project.duckdb', 'empty: unset');
  const { profile, diagnostics } = load({ ...dirs, profilesDir: undefined, env: { AMP_DBT_PROFILES_DIR: 'conf' } });
  assert.equal(profile.unusable, true);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.message]), [
    ['missing-file', join(process.cwd(), 'conf/profiles.yml'), `no profiles.yml in ${join(process.cwd(), 'conf')} (given with AMP_DBT_PROFILES_DIR)`],
  ]);
});

test('missing-file: --profiles-dir without profiles.yml', () => {
  const { projectRoot, homeDir } = setup({ project: duck('x.duckdb') });
  const { profile, diagnostics } = load({ projectRoot, homeDir, profilesDir: join(projectRoot, 'conf') });
  assert.equal(profile.file, null);
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.message]), [
    ['missing-file', 'conf/profiles.yml', `no profiles.yml in ${join(projectRoot, 'conf')} (given with --profiles-dir)`],
  ]);
});

const full = `shop:
  target: "{{ env_var('AMP_DBT_TARGET', 'dev') }}"
  outputs:
    dev:
      type: duckdb
      path: \${DUCK_DIR:-/tmp}/w.duckdb
    pg:
      type: postgres
      host: "{{ env_var(\\"PGHOST\\") }}"
      port: "\${PGPORT:-5432}"
      user: \${PGUSER}
      password: "{{ env_var('PGPASSWORD') }}"
      database: analytics
      sslmode: require
    amp:
      type: amp
      host: amp.example.com
      namespace: edgeandnode
      tls: "\${AMP_TLS:-true}"
      token: \${AMP_TOKEN}
  state:
    type: postgres
    url: \${STATE_URL}
`;

test('interpolation in every string value and type-specific defaults', () => {
  const { projectRoot, homeDir } = setup({ project: full });
  const env = { AMP_DBT_TARGET: 'pg', PGHOST: 'db.internal', PGUSER: 'ci', PGPASSWORD: 's3cret', STATE_URL: 'postgres://state', AMP_TOKEN: 't' };
  const { profile, diagnostics } = load({ projectRoot, homeDir, env });
  assert.deepEqual(diagnostics, []);
  assert.equal(profile.file, join(projectRoot, 'profiles.yml'));
  assert.deepEqual(profile.target, {
    name: 'pg', type: 'postgres', host: 'db.internal', port: 5432, schema: 'public', user: 'ci', sslmode: 'require',
    password: 's3cret', dbname: 'analytics', database: 'analytics',
  });
  assert.deepEqual(profile.targets.dev, { name: 'dev', type: 'duckdb', path: '/tmp/w.duckdb', schema: 'main' });
  assert.deepEqual(profile.targets.amp, {
    name: 'amp', type: 'amp', host: 'amp.example.com', flight_port: 1602, jsonl_port: 1603, admin_port: 1610, tls: true,
    transport: 'flight', schema: 'edgeandnode', token: 't', namespace: 'edgeandnode',
  });
  assert.deepEqual(profile.state, { type: 'postgres', url: 'postgres://state' });
});

test('--target picks another output; variables of other outputs are not required', () => {
  const { projectRoot, homeDir } = setup({ project: full });
  const { profile, diagnostics } = load({ projectRoot, homeDir, targetName: 'amp', env: { AMP_TOKEN: 'x', STATE_URL: 's' } });
  assert.deepEqual(diagnostics, []);
  assert.equal(profile.target.name, 'amp');
  assert.equal(profile.target.schema, 'edgeandnode');
  assert.equal(profile.defaultTarget, 'dev', "the profile's own target (AMP_DBT_TARGET is not set): where records made without --target are filed");
});

test("the default target: the profile's target:, else its only output, else dev", () => {
  const defaultOf = (project: string, targetName?: string) => {
    const { projectRoot, homeDir } = setup({ project });
    return load({ projectRoot, homeDir, targetName }).profile.defaultTarget;
  };
  assert.equal(defaultOf(duck('w.duckdb')), 'dev');
  assert.equal(defaultOf('shop:\n  outputs:\n    ci:\n      type: duckdb\n'), 'ci');
  assert.equal(defaultOf('shop:\n  outputs:\n    ci:\n      type: duckdb\n    dev:\n      type: duckdb\n', 'ci'), 'dev');
});

test("a state: setting's problems (an unset variable in its url) are kept apart for the commands that open the state", () => {
  const { projectRoot, homeDir } = setup({ project: full });
  const { profile, diagnostics } = load({ projectRoot, homeDir, targetName: 'amp', env: { AMP_TOKEN: 'x' } });
  assert.deepEqual(diagnostics, [], 'compile and the others work without the state credentials');
  assert.equal(profile.state, undefined);
  assert.deepEqual(profile.stateProblems?.map((d) => [d.code, d.line, d.message]), [['missing-env-var', 23, "environment variable 'STATE_URL' is not set"]]);
});

test('missing-env-var: at the value, naming the variable', () => {
  const { projectRoot, homeDir } = setup({ project: full });
  const { diagnostics } = load({ projectRoot, homeDir, targetName: 'pg', env: { STATE_URL: 's', PGHOST: 'h', PGPASSWORD: 'p' } });
  assert.deepEqual(diagnostics, [{
    file: 'profiles.yml', line: 11, column: 13, code: 'missing-env-var',
    message: "environment variable 'PGUSER' is not set",
    hint: "set PGUSER, or give a default: ${PGUSER:-value} or {{ env_var('PGUSER', 'value') }}",
  }]);
});

test("a '${VAR' never closed is an error at the value, not a value taken as written", () => {
  const { projectRoot, homeDir } = setup({ project: 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: "${SCHEMA_NAME"\n' });
  const { diagnostics } = load({ projectRoot, homeDir });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]),
    [['invalid-value', 6, 15, "'${SCHEMA_NAME' is never closed with '}': the value would be taken as written", 'close it: ${SCHEMA_NAME}']]);
});

test('an empty profiles.yml: the hint says what to add, not to choose among none', () => {
  const { projectRoot, homeDir } = setup({ project: '' });
  const { diagnostics } = load({ projectRoot, homeDir });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.message, d.hint]), [['unknown-profile', "profile 'shop' is not in profiles.yml; it defines no profiles",
    "add a 'shop:' profile (with target: and outputs:), or remove the empty file to use the embedded DuckDB target"]]);
});

test('unknown-target: did-you-mean and the available targets', () => {
  const { projectRoot, homeDir } = setup({ project: full });
  const { profile, diagnostics } = load({ projectRoot, homeDir, targetName: 'pgg' });
  assert.equal(profile.target.type, 'duckdb');
  assert.deepEqual(diagnostics, [{
    file: 'profiles.yml', line: 3, column: 3, code: 'unknown-target',
    message: "target 'pgg' (from --target) is not an output of profile 'shop'; available targets: dev, pg, amp",
    hint: "did you mean 'pg'?",
  }]);
});

test('unknown-profile: did-you-mean and the available profiles', () => {
  const { projectRoot, homeDir } = setup({ project: 'config: {send_anonymous_usage_stats: false}\nshops:\n  outputs: {dev: {type: duckdb}}\nother:\n  outputs: {dev: {type: duckdb}}\n' });
  const { diagnostics } = load({ projectRoot, homeDir });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.message, d.hint]), [
    ['unknown-profile', 'profiles.yml', 1, "profile 'shop' is not in profiles.yml; available profiles: shops, other", "did you mean 'shops'?"],
  ]);
});

test('unknown-key and invalid-value in a profile', () => {
  const { projectRoot, homeDir } = setup({
    project: 'shop:\n  target: dev\n  output: {}\n  outputs:\n    dev:\n      type: postgress\n    pg:\n      type: postgres\n      hots: x\n      port: abc\n',
  });
  assert.deepEqual(load({ projectRoot, homeDir }).diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 3, 3, "unknown key 'output' in profile 'shop'", "did you mean 'outputs'?"],
    ['invalid-value', 6, 13, "'type' in target 'dev' of profile 'shop' must be one of duckdb, postgres, amp, got the string 'postgress'", "did you mean 'postgres'?"],
  ]);
  assert.deepEqual(load({ projectRoot, homeDir, targetName: 'pg' }).diagnostics.map((d) => [d.code, d.line, d.column, d.message, d.hint]), [
    ['unknown-key', 3, 3, "unknown key 'output' in profile 'shop'", "did you mean 'outputs'?"],
    ['unknown-key', 9, 7, "unknown key 'hots' in target 'pg' of profile 'shop'", "did you mean 'host'?"],
    ['invalid-value', 10, 13, "'port' in target 'pg' of profile 'shop' must be a port number (1-65535), got the string 'abc'", null],
  ]);
});

test("a postgres target's url (the adapter's connection string, which wins over host and the others) is read", () => {
  const { projectRoot, homeDir } = setup({ project: 'shop:\n  outputs:\n    pg:\n      type: postgres\n      url: "${PG_URL}"\n      schema: analytics\n' });
  const { profile, diagnostics } = load({ projectRoot, homeDir, env: { PG_URL: 'postgres://u:p@db:5433/wh' } });
  assert.deepEqual(diagnostics, []);
  assert.equal(profile.unusable, undefined);
  assert.equal(profile.target.url, 'postgres://u:p@db:5433/wh');
});

test("a postgres target's TLS files are paths and connect_timeout, keepalives_idle and retries whole numbers (also from variables)", () => {
  const pg = (extra: string) => `shop:\n  outputs:\n    pg:\n      type: postgres\n      sslmode: verify-full\n${extra}`;
  const good = setup({ project: pg('      sslrootcert: certs/ca.pem\n      sslcert: "${CERT}"\n      sslkey: client.key\n      connect_timeout: "${T}"\n      keepalives_idle: 30\n      retries: 2\n') });
  const { profile, diagnostics } = load({ projectRoot: good.projectRoot, homeDir: good.homeDir, env: { CERT: 'client.pem', T: '10' } });
  assert.deepEqual(diagnostics, []);
  const { sslrootcert, sslcert, sslkey, connect_timeout, keepalives_idle, retries } = profile.target;
  assert.deepEqual({ sslrootcert, sslcert, sslkey, connect_timeout, keepalives_idle, retries },
    { sslrootcert: 'certs/ca.pem', sslcert: 'client.pem', sslkey: 'client.key', connect_timeout: 10, keepalives_idle: 30, retries: 2 });
  const bad = setup({ project: pg('      retries: -1\n      connect_timeout: soon\n') });
  assert.deepEqual(load({ projectRoot: bad.projectRoot, homeDir: bad.homeDir }).diagnostics.map((d) => [d.code, d.line, d.message]), [
    ['invalid-value', 6, "'retries' in target 'pg' of profile 'shop' must be a whole number of at least 0, got the number -1"],
    ['invalid-value', 7, "'connect_timeout' in target 'pg' of profile 'shop' must be a whole number of at least 0, got the string 'soon'"],
  ]);
});

test('invalid-value: an output without a type', () => {
  const { projectRoot, homeDir } = setup({ project: 'shop:\n  outputs:\n    dev:\n      path: x.duckdb\n' });
  assert.deepEqual(load({ projectRoot, homeDir }).diagnostics.map((d) => [d.code, d.line, d.column, d.message]), [
    ['invalid-value', 4, 7, "target 'dev' of profile 'shop' has no 'type'"],
  ]);
});

test("an amp target's host is a name or address only; timeout_seconds is a whole number of seconds", () => {
  const amp = (extra: string) => `shop:\n  target: amp\n  outputs:\n    amp:\n      type: amp\n      namespace: shop\n${extra}`;
  for (const host of ['http://localhost:1610', 'localhost:1610', 'amp.example.com/admin']) {
    const { projectRoot, homeDir } = setup({ project: amp(`      host: "${host}"\n`) });
    assert.deepEqual(load({ projectRoot, homeDir }).diagnostics.map((d) => [d.code, d.line, d.message]), [
      ['invalid-value', 7, `'host' in target 'amp' of profile 'shop' must be a host name or address, without a scheme, path or port, got the string '${host}'`],
    ], host);
  }
  for (const host of ['::1', 'amp.example.com', '10.0.0.7']) {
    const { projectRoot, homeDir } = setup({ project: amp(`      host: "${host}"\n      timeout_seconds: 5\n`) });
    const { profile, diagnostics } = load({ projectRoot, homeDir });
    assert.deepEqual(diagnostics, [], host);
    assert.deepEqual([profile.target.host, profile.target.timeout_seconds], [host, 5]);
  }
  const { projectRoot, homeDir } = setup({ project: amp('      timeout_seconds: 0\n') });
  assert.deepEqual(load({ projectRoot, homeDir }).diagnostics.map((d) => d.code), ['invalid-value']);
});

test("an amp target needs a namespace (or schema) Amp accepts: at profiles.yml, not at every model", () => {
  const amp = (extra: string) => `shop:\n  target: amp\n  outputs:\n    amp:\n      type: amp\n${extra}`;
  const codes = (extra: string) => {
    const { projectRoot, homeDir } = setup({ project: amp(extra) });
    return load({ projectRoot, homeDir }).diagnostics.map((d) => [d.code, d.line, d.message, d.hint]);
  };
  assert.deepEqual(codes('      host: localhost\n'), [
    ['missing-key', 5, "target 'amp' of profile 'shop' has no 'namespace'", "add 'namespace: <name>', the Amp namespace models are registered in (<namespace>/<model>)"],
  ]);
  assert.deepEqual(codes('      namespace: Dex-Prod\n'), [
    ['invalid-value', 6, "'namespace' in target 'amp' of profile 'shop' must be an Amp namespace: lower-case letters, digits and '_', got the string 'Dex-Prod'", 'e.g. namespace: dex_prod'],
  ]);
  assert.deepEqual(codes('      schema: erc20\n'), []);
});

test("a DuckDB schema with the database file's own name is refused at the schema (DuckDB finds the two ambiguous)", () => {
  const { projectRoot, homeDir } = setup({
    project: 'shop:\n  target: ci\n  outputs:\n    ci:\n      type: duckdb\n      path: .amp-dbt/ci.duckdb\n      schema: CI\n    ok:\n      type: duckdb\n      path: .amp-dbt/ci.duckdb\n      schema: ci_main\n',
  });
  const { diagnostics } = load({ projectRoot, homeDir });
  assert.deepEqual(diagnostics.map((d) => [d.code, d.file, d.line, d.message, d.hint]), [
    ['invalid-value', 'profiles.yml', 7, "'schema' in target 'ci' of profile 'shop' must be a schema named other than the database file ci.duckdb (DuckDB names the database 'ci', and cannot tell the two apart in SQL), got the string 'CI'",
      'rename the schema, or the file (path: .amp-dbt/ci_warehouse.duckdb)'],
  ]);
  assert.deepEqual(load({ projectRoot, homeDir, targetName: 'ok' }).diagnostics, [], 'another schema in the same file is fine');
});
