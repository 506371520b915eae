import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runCli, tempDir, writeTree } from '../helpers.js';

test('--target amp compiles the example to ad-hoc queries over quoted datasets', () => {
  const { code, stdout, stderr } = runCli(['compile', '--project-dir', fixture('erc20_transfers'), '--target', 'amp', '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual(out.project.target, { name: 'amp', type: 'amp', schema: 'erc20' });
  const logs = out.models.find((m: { name: string }) => m.name === 'stg_transfer_logs');
  assert.match(logs.compiled_sql, /from "_\/eth_firehose@1\.0\.0"\.logs/);
  assert.deepEqual(logs.depends_on.datasets, { eth: '_/eth_firehose@1.0.0' });
  const fct = out.models.find((m: { name: string }) => m.name === 'fct_transfers');
  assert.match(fct.compiled_sql, /^WITH "stg_blocks" AS \(\n[\s\S]*\n\),\n"stg_transfer_logs" AS \([\s\S]*\n\),\n"int_transfers_decoded" AS \(/);
  assert.doesNotMatch(fct.compiled_sql, /"erc20"\."/, 'internal refs are inlined, not relations');
});

test('an unknown target is an error naming the profile file and the targets there are', () => {
  const { code, stderr } = runCli(['compile', '--project-dir', fixture('erc20_transfers'), '--target', 'prod']);
  assert.equal(code, 1);
  assert.match(stderr, /profiles\.yml:\d+:\d+: error\[unknown-target\]/);
  assert.match(stderr, /dev/);
});

test('profile values interpolate the environment; a missing variable is reported at its line', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: envy\n',
    'models/m.sql': "select '{{ target.schema }}' as s",
    'profiles.yml': "envy:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      schema: \"${SCHEMA_NAME}\"\n",
  });
  const ok = runCli(['compile', '--project-dir', dir, '--json'], { env: { SCHEMA_NAME: 'analytics' } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).models[0].compiled_sql, "select 'analytics' as s");
  const env = { ...process.env };
  delete env.SCHEMA_NAME;
  const missing = runCli(['compile', '--project-dir', dir]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /profiles\.yml:6:\d+: error\[missing-env-var\].*SCHEMA_NAME/);
});

test('--vars overrides project vars and bad --vars is a usage error', () => {
  const dir = writeTree(tempDir(), { 'dbt_project.yml': 'name: v\nvars:\n  n: 1\n', 'models/m.sql': "select {{ var('n') }} as n" });
  const out = runCli(['compile', '--project-dir', dir, '--vars', '{"n": 42}', '--json']);
  assert.equal(JSON.parse(out.stdout).models[0].compiled_sql, 'select 42 as n');
  const yaml = runCli(['compile', '--project-dir', dir, '--vars', 'n: 7', '--json']);
  assert.equal(JSON.parse(yaml.stdout).models[0].compiled_sql, 'select 7 as n');
  const bad = runCli(['compile', '--project-dir', dir, '--vars', '[1, 2]']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--vars must be a mapping of names to values, got a list: for example --vars '\{"start_block": 100, "network": "mainnet"\}'/);
});

test('a folder without dbt_project.yml says how to start', () => {
  const { code, stderr } = runCli(['compile', '--project-dir', tempDir()]);
  assert.equal(code, 1);
  assert.match(stderr, /dbt_project\.yml/);
  assert.match(stderr, /amp-dbt init/);
});

test("jobs without an amp target: the message says whether a profiles.yml was found and which profile lacks one", () => {
  const home = tempDir();
  const bare = writeTree(tempDir(), { 'dbt_project.yml': 'name: bare\nprofile: somewhere_else\n', 'models/m.sql': 'select 1 as n' });
  const none = runCli(['jobs', 'list', '--project-dir', bare], { env: { HOME: home } });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /'jobs' needs an amp target, and there is no profiles\.yml \(looked in the project folder and ~\/\.amp-dbt\//);
  const withProfile = writeTree(tempDir(), {
    'dbt_project.yml': 'name: local\n',
    'models/m.sql': 'select 1 as n',
    'profiles.yml': 'local:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n',
  });
  const duckOnly = runCli(['jobs', 'list', '--project-dir', withProfile], { env: { HOME: home } });
  assert.equal(duckOnly.code, 2);
  assert.match(duckOnly.stderr, /'jobs' needs an amp target, and profile 'local' in .*profiles\.yml has none/);
});

test('--target naming no output is an error without a profiles.yml too (the embedded default has only dev)', () => {
  const home = tempDir();
  const dir = writeTree(tempDir(), { 'dbt_project.yml': 'name: bare\n', 'models/m.sql': "select '{{ target.name }}' as t" });
  const unknown = runCli(['compile', '--project-dir', dir, '--target', 'prod'], { env: { HOME: home } });
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error\[unknown-target\] target 'prod' \(from --target\) is not defined: there is no profiles\.yml/m, 'not located in a file that is not there');
  assert.doesNotMatch(unknown.stderr, /compiled \d+ of/, 'nothing is compiled for another target in its place');
  assert.equal(existsSync(join(dir, '.amp-dbt', 'compiled')), false);
  const dev = runCli(['compile', '--project-dir', dir, '--target', 'dev', '--json'], { env: { HOME: home } });
  assert.equal(dev.code, 0, dev.stderr);
  assert.equal(JSON.parse(dev.stdout).models[0].compiled_sql, "select 'dev' as t");
});

test("a profile whose default target is not an output is an error, and nothing is compiled for another target in its place", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: deflt\nprofile: deflt\n',
    'profiles.yml': 'deflt:\n  target: prod\n  outputs:\n    dev:\n      type: duckdb\n',
    'models/m.sql': 'select 1 as n',
  });
  const { code, stderr } = runCli(['compile', '--project-dir', dir]);
  assert.equal(code, 1);
  assert.match(stderr, /^profiles\.yml:2:11: error\[unknown-target\] target 'prod' is not an output of profile 'deflt'/m);
  assert.doesNotMatch(stderr, /compiled \d+ of/);
  assert.equal(existsSync(join(dir, '.amp-dbt', 'compiled')), false);
});
