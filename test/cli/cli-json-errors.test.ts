import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, tempDir, writeTree } from '../helpers.js';

// With --json (list's --output json, graph's --format json), every command reports its errors in the JSON on
// stdout only, as compile does: stderr keeps warnings and progress, and no error is said twice.
const broken = () => writeTree(tempDir(), {
  'dbt_project.yml': 'name: broken\n',
  'models/a.sql': 'select 1 as n',
  'models/b.sql': "select * from {{ ref('nope') }}",
});

const commands: string[][] = [
  ['compile', '--json'], ['list', '--output', 'json'], ['graph', '--format', 'json'], ['list', '--json'], ['graph', '--json'], ['run', '--json'],
  ['test', '--json'], ['status', '--json'],
];

test('with --json, a project error is in the JSON on stdout and not on stderr, for every command', () => {
  const dir = broken();
  for (const args of commands) {
    const { code, stdout, stderr } = runCli([...args, '--project-dir', dir]);
    const name = args.join(' ');
    assert.equal(code, 1, `${name}: ${stderr}`);
    const out = JSON.parse(stdout);
    assert.equal(out.errors.length, 1, `${name}: ${stdout}`);
    // test's report keeps its shape (as when tests run), so a script reads .environment and .target either way.
    if (args[0] === 'test') assert.deepEqual([Object.keys(out), out.environment, out.target], [['environment', 'target', 'tests', 'summary', 'errors'], 'prod', 'dev']);
    assert.doesNotMatch(stderr, /error\[|\d+ errors?$/m, name);
    assert.deepEqual({ ...out.errors[0], hint: undefined }, { file: 'models/b.sql', line: 1, column: 18, code: 'unknown-ref', message: "'b' refers to 'nope', which is not a model or declared dataset", hint: undefined }, name);
  }
});

test('with --json, a usage error and a command error are in the JSON on stdout only (exit codes 2 and 1)', () => {
  const dir = broken();
  const usage = runCli(['list', '--output', 'json', '--threads', '2', '--project-dir', dir]);
  assert.equal(usage.code, 2);
  assert.equal(JSON.parse(usage.stdout).error.code, 'usage');
  assert.equal(usage.stderr, '');
  const unknown = runCli(['lst', '--json']);
  assert.equal(unknown.code, 2);
  assert.deepEqual(JSON.parse(unknown.stdout).error, { code: 'usage', message: "unknown command 'lst'", hint: "did you mean 'list'?" });
  assert.equal(unknown.stderr, '');
  const selector = runCli(['run', '--json', '--select', '+', '--project-dir', dir]);
  assert.equal(selector.code, 1);
  assert.equal(JSON.parse(selector.stdout).error.code, 'invalid-selector');
  assert.equal(selector.stderr, '');
  // Without --json the same errors are on stderr, as text.
  const text = runCli(['run', '--project-dir', dir]);
  assert.equal(text.code, 1);
  assert.equal(text.stdout, '');
  assert.match(text.stderr, /^models\/b\.sql:1:18: error\[unknown-ref\]/m);
});

test('a warehouse that cannot be reached is one error, said alike by seed, test, run and status (no count after it)', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: far\nprofile: far\n',
    'profiles.yml': 'far:\n  target: pg\n  outputs:\n    pg: {type: postgres, host: 127.0.0.1, port: 9, user: u, password: p, dbname: d, schema: s}\n',
    'models/a.sql': 'select 1 as n',
    'seeds/countries.csv': 'code\nde\n',
  });
  for (const command of ['seed', 'test', 'run', 'status']) {
    const { code, stdout, stderr } = runCli([command, '--project-dir', dir], { env: { AMP_DBT_STATE_URL: '' } });
    assert.equal(code, 1, `${command}: ${stderr}`);
    assert.equal(stdout, '', command);
    const lines = stderr.split('\n').filter((line) => line && !line.startsWith('warning:'));
    assert.match(lines[0], /^error\[connect-failed\] cannot connect to PostgreSQL at 127\.0\.0\.1:9 /, command);
    assert.match(lines[1], /^ {2}hint: check host, port/, command);
    assert.equal(lines.length, 2, `${command}: ${stderr}`);
  }
  // With --json, seed's and test's reports keep their shape, with the error in "errors".
  const seeded = JSON.parse(runCli(['seed', '--json', '--project-dir', dir]).stdout);
  assert.deepEqual([seeded.target, seeded.seeds, seeded.errors.map((e: { code: string }) => e.code)], ['pg', [], ['connect-failed']]);
  const tested = JSON.parse(runCli(['test', '--json', '--project-dir', dir], { env: { AMP_DBT_STATE_URL: '' } }).stdout);
  assert.deepEqual([tested.environment, tested.target, tested.errors.map((e: { code: string }) => e.code)], ['prod', 'pg', ['connect-failed']]);
});

test('list and graph take --json, as every reporting command does: the same as --output json and --format json', () => {
  const dir = writeTree(tempDir(), { 'dbt_project.yml': 'name: fine\n', 'models/a.sql': 'select 1 as n', 'models/b.sql': "select * from {{ ref('a') }}" });
  for (const [command, option] of [['list', '--output'], ['graph', '--format']]) {
    const json = runCli([command, '--json', '--project-dir', dir]);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(runCli([command, option, 'json', '--project-dir', dir]).stdout), command);
    const both = runCli([command, '--json', option, command === 'list' ? 'path' : 'dot', '--project-dir', dir]);
    assert.equal(both.code, 2, command);
    assert.match(JSON.parse(both.stdout).error.message, new RegExp(`^--json and ${option} (path|dot) ask for two outputs: give one$`), command);
  }
});
