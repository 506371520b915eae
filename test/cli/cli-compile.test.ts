import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, runCli, tempDir, writeTree } from '../helpers.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';

test('compile --json prints exactly project, models and errors', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: tiny\n',
    'models/a.sql': 'select 1 as x',
    'models/b.sql': "{{ config(materialized='table', tags=['t']) }}select * from {{ ref('a') }}",
  });
  const { code, stdout, stderr } = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual(Object.keys(out), ['project', 'models', 'errors']);
  assert.equal(out.project.name, 'tiny');
  assert.deepEqual(out.errors, []);
  assert.deepEqual(out.models.map((m: { name: string }) => m.name), ['a', 'b']);
  const b = out.models[1];
  assert.deepEqual(Object.keys(b), ['name', 'path', 'materialized', 'tags', 'depends_on', 'compiled_sql', 'fingerprint']);
  assert.deepEqual(b.depends_on, { models: ['a'], sources: [], datasets: {} });
  assert.equal(b.compiled_sql, 'select * from "main"."a"');
  assert.equal(b.path, 'models/b.sql');
  assert.equal(readFileSync(join(dir, '.amp-dbt/compiled/models/b.sql'), 'utf8'), 'select * from "main"."a"\n');
});

test('compile reports every error with file:line:col and exits 1', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: broken\n',
    'models/a.sql': 'select 1 as x',
    'models/b.sql': "select *\nfrom {{ ref('aa') }}",
    'models/c.sql': "select {{ nope() }}",
  });
  const { code, stderr, stdout } = runCli(['compile', '--project-dir', dir]);
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /models\/b\.sql:2:9: error\[unknown-ref\] 'b' refers to 'aa'/);
  assert.match(stderr, /hint: did you mean 'a'\?/);
  assert.match(stderr, /models\/c\.sql:1:\d+: error\[undefined-macro\]/);
  const json = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(json.code, 1);
  const errors = JSON.parse(json.stdout).errors;
  assert.deepEqual(errors.map((e: { code: string }) => e.code), ['unknown-ref', 'undefined-macro']);
  assert.deepEqual(Object.keys(errors[0]), ['file', 'line', 'column', 'code', 'message', 'hint']);
});

test('compile --show-sql --json is a usage error: the JSON carries each model\'s SQL as compiled_sql', () => {
  const both = runCli(['compile', '--project-dir', fixture('erc20_transfers'), '--show-sql', '--json']);
  assert.equal(both.code, 2);
  assert.deepEqual(JSON.parse(both.stdout).error, {
    code: 'usage', message: 'choose one of --show-sql and --json (with --json, each model\'s SQL is its "compiled_sql")', hint: "run 'amp-dbt compile --help' for usage",
  });
  assert.match(runCli(['compile', '--show-sql', '--json', '--project-dir', fixture('erc20_transfers')]).stdout, /"usage"/);
  const help = runCli(['compile', '--help']).stdout;
  assert.match(help, /^Usage: amp-dbt compile .*\[--show-sql \| --json\]$/m);
  assert.match(help, /--show-sql +print each selected model's compiled SQL to stdout \(not with --json, whose models\n +carry it as "compiled_sql"\)/);
});

test('compile --select writes only selected models; --show-sql prints them', () => {
  const { code, stdout, stderr } = runCli(['compile', '--project-dir', fixture('erc20_transfers'), '--select', 'stg_blocks', '--show-sql']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^-- models\/staging\/stg_blocks\.sql\n/);
  assert.match(stderr, /compiled 1 of \d+ models/);
});

test('--project-dir defaults to the nearest folder upward holding dbt_project.yml', () => {
  const dir = writeTree(tempDir(), { 'dbt_project.yml': 'name: up\n', 'models/deep/m.sql': 'select 1' });
  const { code, stdout } = runCli(['list'], { cwd: join(dir, 'models', 'deep') });
  assert.equal(code, 0);
  assert.equal(stdout, 'm\n');
});

test('help is available for every command and unknown options are usage errors', () => {
  for (const command of ['init', 'compile', 'list', 'graph', 'clean']) {
    const { code, stdout } = runCli([command, '--help']);
    assert.equal(code, 0);
    assert.match(stdout, new RegExp(`^Usage: amp-dbt ${command}`));
  }
  const main = runCli(['--help']);
  assert.match(main.stdout, /Commands:/);
  const bad = runCli(['compile', '--colour']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown option '--colour'/);
});

test('init creates a project that compiles; clean removes compiled output only', () => {
  const dir = tempDir();
  const init = runCli(['init', 'shop'], { cwd: dir });
  assert.equal(init.code, 0, init.stderr);
  assert.match(init.stderr, /\nnext: cd shop && git init -q && git add -A && git commit -qm start && amp-dbt run && amp-dbt test\n/, 'outside git, the next steps make a repository');
  const project = join(dir, 'shop');
  const compile = runCli(['compile', '--project-dir', project, '--json']);
  assert.equal(compile.code, 0, compile.stdout);
  assert.deepEqual(JSON.parse(compile.stdout).errors, []);
  assert.ok(existsSync(join(project, '.amp-dbt/compiled/models/marts/customer_totals.sql')));
  writeTree(project, { '.amp-dbt/state.db': 'keep me' });
  const clean = runCli(['clean', '--project-dir', project]);
  assert.equal(clean.code, 0);
  assert.ok(!existsSync(join(project, '.amp-dbt/compiled')));
  assert.ok(existsSync(join(project, '.amp-dbt/state.db')));
  writeFileSync(join(project, 'dbt_project.yml'), readFileSync(join(project, 'dbt_project.yml'), 'utf8')
    + "clean-targets: ['target', 'models/staging', 'models/../dbt_project.yml', '.amp-dbt', '.', 'logs']\n");
  writeTree(project, { 'target/run/x.sql': 'select 1', 'logs/amp.log': 'old' });
  const guarded = runCli(['clean', '--project-dir', project, '--json']);
  assert.equal(guarded.code, 0, guarded.stderr);
  assert.equal(guarded.stderr, '', 'with --json, what was skipped and why is in the JSON alone');
  const out = JSON.parse(guarded.stdout);
  assert.deepEqual(out.removed, ['target', 'logs'], 'nothing compiled was there to remove');
  assert.deepEqual(out.skipped.map((s: { path: string }) => s.path), ['models/staging', 'models/../dbt_project.yml', '.amp-dbt', '.']);
  assert.match(out.skipped[0].reason, /source 'models'/);
  assert.match(out.skipped[2].reason, /state database/);
  assert.ok(existsSync(join(project, 'models/staging')) && existsSync(join(project, 'dbt_project.yml')));
  writeFileSync(join(project, 'dbt_project.yml'), readFileSync(join(project, 'dbt_project.yml'), 'utf8').replace("'logs']", "'logs', '.git', 'seeds_raw']"));
  writeTree(project, { 'seeds_raw/keep.csv': 'id\n1\n' });
  git(project, 'init', '-q');
  git(project, 'add', 'seeds_raw');
  git(project, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'raw data');
  const committed = JSON.parse(runCli(['clean', '--project-dir', project, '--json']).stdout);
  assert.deepEqual(committed.skipped.slice(-2).map((s: { reason: string }) => s.reason.replace(/ \(.*/, '')), ["it is or is inside git's repository folder", "it holds files committed to git"]);
  assert.ok(existsSync(join(project, '.git/HEAD')) && existsSync(join(project, 'seeds_raw/keep.csv')));
  writeTree(project, { 'models/bad.yml': 'version: 2\nmodels:\n  - name: customer_totals\n    descripton: x\n', 'target/x.sql': 'select 1' });
  const broken = runCli(['clean', '--project-dir', project, '--json']);
  assert.equal(broken.code, 1, 'the clean-targets are kept when the project has errors');
  assert.ok(existsSync(join(project, 'target/x.sql')));
  assert.match(JSON.parse(broken.stdout).skipped[0].reason, /the project has errors/);
  assert.equal(broken.stderr, '', 'the errors and the clean-targets kept are in the JSON alone');
  const brokenText = runCli(['clean', '--project-dir', project]);
  assert.match(brokenText.stderr, /error\[[a-z-]+\][^]*\nskipped the clean-targets \(target, models\/staging, [^)]*\): the project has errors/, 'as text, on stderr');
  const again = runCli(['init', 'shop'], { cwd: dir });
  assert.equal(again.code, 1, 'a folder init cannot use is an error about it, not a usage error');
  assert.match(again.stderr, /error\[init-refused\] .*shop already holds a dbt_project\.yml/);
  writeTree(dir, { 'mine/models/staging/stg_payments.sql': "select 'mine'", 'afile': '' });
  const over = runCli(['init', '--project-dir', join(dir, 'mine')]);
  assert.equal(over.code, 1);
  assert.match(over.stderr, /already holds models\/staging\/stg_payments\.sql: init would overwrite it/);
  assert.equal(readFileSync(join(dir, 'mine/models/staging/stg_payments.sql'), 'utf8'), "select 'mine'");
  assert.match(runCli(['init', '--project-dir', join(dir, 'afile')]).stderr, /is a file, not a folder/);
  const nested = runCli(['init'], { cwd: join(project, 'models') });
  assert.equal(nested.code, 1);
  assert.match(nested.stderr, /models\/my_project is inside the project .*shop \(it holds a dbt_project\.yml\)[\s\S]*create it outside that folder/);
  assert.ok(!existsSync(join(project, 'models', 'my_project')));
  const elsewhere = runCli(['init', '--project-dir', join(dir, 'other-place'), '--json']);
  assert.equal(elsewhere.code, 0, elsewhere.stderr);
  assert.equal(JSON.parse(elsewhere.stdout).root, join(dir, 'other-place'));
  assert.match(readFileSync(join(dir, 'other-place', 'dbt_project.yml'), 'utf8'), /^name: other_place$/m);
  // A folder whose name is no project name: my_project, as --help says; a path the shell must quote is quoted.
  const odd = runCli(['init', '--project-dir', join(dir, '9 lives')]);
  assert.equal(odd.code, 0, odd.stderr);
  assert.match(readFileSync(join(dir, '9 lives', 'dbt_project.yml'), 'utf8'), /^name: my_project$/m);
  assert.match(odd.stderr, /next: cd '.*9 lives' && /);
  // A name with a dash (a folder's usual name) is refused, with the name to use and how to keep the folder's.
  const dashed = runCli(['init', 'my-shop'], { cwd: dir });
  assert.equal(dashed.code, 2);
  assert.match(dashed.stderr, /'my-shop' is not a valid project name: .*, e\.g\. 'my_shop' \(amp-dbt init my_shop --project-dir my-shop keeps the folder's name\)/);
  const kept = runCli(['init', 'my_shop', '--project-dir', 'my-shop'], { cwd: dir });
  assert.equal(kept.code, 0, kept.stderr);
  assert.match(readFileSync(join(dir, 'my-shop', 'dbt_project.yml'), 'utf8'), /^name: my_shop$/m);
});

test('clean keeps a clean-target holding the state database, a warehouse or any database file; a broken dbt_project.yml still loses its compiled output', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': "name: keep\nprofile: keep\nclean-targets: ['target', 'out', 'build']\n",
    'profiles.yml': 'keep:\n  target: dev\n  state: {type: sqlite, path: target/state.db}\n  outputs:\n    dev: {type: duckdb, path: out/wh.duckdb}\n',
    'models/a.sql': 'select 1 as n',
    'target/state.db': 'state', 'out/wh.duckdb': 'warehouse', 'build/cache/x.sqlite': 'someone else\'s', 'build/y.sql': 'select 1',
  });
  const { code, stdout, stderr } = runCli(['clean', '--project-dir', dir, '--json']);
  assert.equal(code, 0, stderr);
  const out = JSON.parse(stdout);
  assert.deepEqual(out.removed, []);
  assert.deepEqual(out.skipped.map((s: { path: string; reason: string }) => `${s.path}: ${s.reason}`), [
    "target: it holds the state database or a warehouse ('target/state.db')",
    "out: it holds the state database or a warehouse ('out/wh.duckdb')",
    "build: it holds a database file ('build/cache/x.sqlite'): remove it yourself if it is build output",
  ]);
  assert.ok(existsSync(join(dir, 'target/state.db')) && existsSync(join(dir, 'out/wh.duckdb')) && existsSync(join(dir, 'build/y.sql')));
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: [\n');
  const broken = runCli(['clean', '--project-dir', dir, '--json']);
  assert.equal(broken.code, 1);
  const json = JSON.parse(broken.stdout);
  assert.deepEqual(json.removed, ['.amp-dbt/compiled']);
  assert.equal(broken.stderr, '');
  assert.equal(json.errors[0].file, 'dbt_project.yml');
  assert.ok(!existsSync(join(dir, '.amp-dbt/compiled')) && existsSync(join(dir, 'target/state.db')));
  // A project with errors and no clean-targets: the compiled output goes, and the errors are said (exit code 1).
  writeFileSync(join(dir, 'dbt_project.yml'), 'name: keep\nmodel-paths: 5\n');
  const invalid = runCli(['clean', '--project-dir', dir]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /^dbt_project\.yml:2:14: error\[invalid-value\] 'model-paths' in dbt_project\.yml must be a string or a list of strings/m);
});

test('clean keeps .amp-dbt/compiled when AMP_DBT_STATE_URL or a profile puts the state database or a warehouse in it, without clean-targets too', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: inside\n',
    'models/a.sql': 'select 1 as n',
    '.amp-dbt/compiled/state.db': 'state',
  });
  const env = { AMP_DBT_STATE_URL: 'sqlite:.amp-dbt/compiled/state.db' };
  const kept = runCli(['clean', '--json'], { cwd: dir, env });
  assert.equal(kept.code, 0, kept.stderr);
  assert.deepEqual(JSON.parse(kept.stdout), {
    removed: [], skipped: [{ path: '.amp-dbt/compiled', reason: "it holds the state database or a warehouse ('.amp-dbt/compiled/state.db')" }], errors: [],
  });
  assert.ok(existsSync(join(dir, '.amp-dbt/compiled/state.db')));
  writeFileSync(join(dir, 'profiles.yml'), 'inside:\n  target: dev\n  outputs:\n    dev: {type: duckdb, path: .amp-dbt/compiled/wh.duckdb}\n');
  rmSync(join(dir, '.amp-dbt/compiled/state.db'));
  writeFileSync(join(dir, '.amp-dbt/compiled/wh.duckdb'), 'warehouse');
  const warehouse = JSON.parse(runCli(['clean', '--json'], { cwd: dir, env: { AMP_DBT_STATE_URL: '' } }).stdout);
  assert.deepEqual(warehouse.removed, []);
  assert.ok(existsSync(join(dir, '.amp-dbt/compiled/wh.duckdb')));
});

test('compiled files are rewritten only when their SQL changes, and restored when deleted', async () => {
  const { statSync, unlinkSync, writeFileSync } = await import('node:fs');
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: keep\n',
    'models/a.sql': 'select 1 as x',
    'models/b.sql': "select * from {{ ref('a') }}",
  });
  const out = (name: string) => join(dir, '.amp-dbt/compiled/models', name);
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  const before = statSync(out('a.sql')).mtimeMs;
  await new Promise((resolve) => setTimeout(resolve, 20));
  writeFileSync(join(dir, 'models/b.sql'), "select x from {{ ref('a') }}");
  unlinkSync(out('a.sql'));
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.equal(readFileSync(out('a.sql'), 'utf8'), 'select 1 as x\n', 'a deleted compiled file comes back');
  assert.equal(readFileSync(out('b.sql'), 'utf8'), 'select x from "main"."a"\n');
  const a = statSync(out('a.sql')).mtimeMs;
  assert.notEqual(a, before);
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.equal(statSync(out('a.sql')).mtimeMs, a, 'an unchanged file is not rewritten');
});

test('a compile of many models writes them on a worker thread: every file, the index and the cache', () => {
  const count = 700;
  const files: Record<string, string> = { 'dbt_project.yml': 'name: many\n', 'models/m0.sql': 'select 0 as n' };
  for (let i = 1; i < count; i++) files[`models/f${i % 7}/m${i}.sql`] = `select n + ${i} as n from {{ ref('m${i - 1}') }}`;
  const dir = writeTree(tempDir(), files);
  const compiled = (path: string) => join(dir, '.amp-dbt/compiled', path);
  const { code, stderr } = runCli(['compile', '--project-dir', dir]);
  assert.equal(code, 0, stderr);
  assert.equal(readFileSync(compiled('models/f6/m699.sql'), 'utf8'), 'select n + 699 as n from "main"."m698"\n');
  assert.equal(Object.keys(JSON.parse(readFileSync(compiled('.index.json'), 'utf8')).files).length, count);
  assert.ok(existsSync(compiled('.partial-compile.json')));
  rmSync(compiled('models/f3'), { recursive: true });
  writeFileSync(join(dir, 'models/m0.sql'), 'select 1 as n');
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.equal(readFileSync(compiled('models/m0.sql'), 'utf8'), 'select 1 as n\n');
  assert.equal(readFileSync(compiled('models/f3/m3.sql'), 'utf8'), 'select n + 3 as n from "main"."m2"\n', 'a deleted folder comes back');
});

test('compiled files of models no longer there are removed after a full compile without errors; nothing else is', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: gone\n',
    'models/a.sql': 'select 1 as n',
    'models/old/b.sql': "select * from {{ ref('a') }}",
  });
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  const compiled = (path: string) => join(dir, '.amp-dbt/compiled', path);
  assert.ok(existsSync(compiled('models/old/b.sql')));
  writeTree(dir, { '.amp-dbt/compiled/notes.txt': 'mine' });
  rmSync(join(dir, 'models/old/b.sql'));
  writeTree(dir, { 'models/c.sql': "select * from {{ ref('nope') }}" });
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 1);
  assert.ok(existsSync(compiled('models/old/b.sql')), 'a compile with errors removes nothing');
  writeTree(dir, { 'models/c.sql': "select * from {{ ref('a') }}" });
  assert.equal(runCli(['compile', '--project-dir', dir, '--select', 'c']).code, 0);
  assert.ok(existsSync(compiled('models/old/b.sql')), 'a compile of some models removes nothing');
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.ok(!existsSync(compiled('models/old/b.sql')));
  assert.ok(existsSync(compiled('models/a.sql')) && existsSync(compiled('models/c.sql')) && existsSync(compiled('notes.txt')));
  assert.deepEqual(Object.keys(JSON.parse(readFileSync(compiled('.index.json'), 'utf8')).files).sort(), ['models/a.sql', 'models/c.sql']);
});

test('with --json (or --output json, --format json) a failure before any output is still JSON on stdout', () => {
  const project = fixture('erc20_transfers');
  for (const args of [['compile', '--json'], ['list', '--output', 'json'], ['graph', '--format', 'json']]) {
    const bad = runCli([...args, '--select', 'bogus:x', '--project-dir', project]);
    assert.equal(bad.code, 1, args.join(' '));
    assert.equal(JSON.parse(bad.stdout).error.code, 'invalid-selector');
    assert.doesNotMatch(bad.stderr, /error\[invalid-selector\]/, 'in the JSON only');
  }
  // A project with errors: {"errors": [...]} as compile --json prints, not a result that looks complete.
  const broken = writeTree(tempDir(), { 'dbt_project.yml': 'name: broken\n', 'models/a.sql': "select * from {{ ref('nope') }}", 'models/b.sql': 'select 1 as n' });
  for (const args of [['list', '--output', 'json'], ['graph', '--format', 'json']]) {
    const result = runCli([...args, '--project-dir', broken]);
    assert.equal(result.code, 1, args.join(' '));
    assert.deepEqual((JSON.parse(result.stdout) as { errors: { code: string }[] }).errors.map((e) => e.code), ['unknown-ref'], args.join(' '));
  }
  const usage = runCli(['compile', '--json', '--bogus', '--project-dir', project]);
  assert.equal(usage.code, 2);
  assert.deepEqual(Object.keys(JSON.parse(usage.stdout).error), ['code', 'message', 'hint']);
  assert.equal(JSON.parse(usage.stdout).error.code, 'usage');
});

test('--project-dir naming a file is a usage error that names the folder', () => {
  const result = runCli(['compile', '--project-dir', join(fixture('erc20_transfers'), 'dbt_project.yml')]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--project-dir .*dbt_project\.yml is a file: give the project's folder \(.*erc20_transfers\)/);
});

test('--project-dir naming no folder says so (missing-file, exit code 1), for every command reading a project', () => {
  const missing = join(tempDir(), 'no-such-folder');
  for (const command of [['compile', '--json'], ['list', '--output', 'json'], ['run', '--json'], ['state', 'record', '--json']]) {
    const result = runCli([...command, '--project-dir', missing]);
    assert.equal(result.code, 1, command.join(' '));
    const error = JSON.parse(result.stdout).error ?? JSON.parse(result.stdout).errors?.[0];
    assert.equal(error.code, 'missing-file', command.join(' '));
    assert.match(error.message, /^--project-dir .*no-such-folder: there is no such folder$/, command.join(' '));
  }
});

test('no project in the current folder or above: missing-file, exit code 1, as with a --project-dir holding none', () => {
  const empty = tempDir();
  const found = runCli(['compile'], { cwd: empty });
  assert.equal(found.code, 1);
  assert.match(found.stderr, /^dbt_project\.yml:1:1: error\[missing-file\] no dbt_project\.yml in .* or any parent folder\n {2}hint: run 'amp-dbt init'/);
  const json = runCli(['env', 'list', '--json'], { cwd: empty });
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'missing-file');
  assert.equal(runCli(['compile', '--project-dir', empty]).code, 1);
});

test('an unknown command suggests the nearest one', () => {
  const typo = runCli(['compil']);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /^amp-dbt: unknown command 'compil': did you mean 'compile'\?\n/);
  const json = runCli(['compil', '--json']);
  assert.equal(json.code, 2);
  assert.deepEqual(JSON.parse(json.stdout).error, { code: 'usage', message: "unknown command 'compil'", hint: "did you mean 'compile'?" });
  assert.equal(JSON.parse(runCli(['zzzzzz', '--json']).stdout).error.hint, "run 'amp-dbt --help' for the commands", 'a hint, not an empty string');
  const help = runCli(['help', 'run']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: amp-dbt run /, 'help COMMAND is COMMAND --help, as in git and dbt');
  const unknown = runCli(['help', 'rnu']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /^amp-dbt help: unknown command 'rnu': did you mean 'run'\?\n/);
});

test("dbt's commands amp-dbt has none of say what to run instead, not a did-you-mean of another meaning", () => {
  const docs = runCli(['docs', 'generate']);
  assert.equal(docs.code, 2);
  assert.match(docs.stderr, /^amp-dbt: unknown command 'docs': amp-dbt generates no documentation site: descriptions and docs blocks are checked by compile\n/);
  assert.match(runCli(['build']).stderr, /^amp-dbt: unknown command 'build': amp-dbt has no build: run 'amp-dbt seed', 'amp-dbt run' and 'amp-dbt test' in turn\n/);
  assert.match(runCli(['ls']).stderr, /^amp-dbt: unknown command 'ls': dbt's ls is 'amp-dbt list'\n/);
  const freshness = runCli(['source', 'freshness', '--json']);
  assert.equal(freshness.code, 2);
  assert.deepEqual(JSON.parse(freshness.stdout).error, { code: 'usage', message: "unknown command 'source'", hint: "dbt's source freshness is 'amp-dbt status' (the freshness of every source and model)" });
  assert.match(runCli(['help', 'snapshot']).stderr, /^amp-dbt help: unknown command 'snapshot': snapshots are not run by amp-dbt/);
});

test('with --json, commands that stop at compile errors or an unopenable state print {"errors"} on stdout (only there)', () => {
  const project = tempDir();
  cpSync(fixture('broken-compile-unknown-ref'), project, { recursive: true });
  git(project, 'init', '-q');
  git(project, 'add', '-A');
  git(project, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'broken');
  for (const args of [['run', '--json'], ['status', '--json'], ['plan', '--env', 'prod', '--json'], ['diff', '--base', 'HEAD', '--json']]) {
    const result = runCli([...args, '--project-dir', project], { env: { AMP_DBT_STATE_URL: '', AMP_DBT_REPO: '' } });
    assert.equal(result.code, 1, `${args.join(' ')}: ${result.stderr}`);
    const body = JSON.parse(result.stdout) as { errors?: Array<{ code: string; file: string | null }>; error?: { code: string } };
    assert.ok((body.errors?.length ?? 0) > 0 || body.error, `${args.join(' ')}: ${result.stdout}`);
    assert.doesNotMatch(result.stderr, /error\[/, args.join(' '));
  }
});

test('a byte order mark at the start of a file is not part of its text (header pragmas, config, compiled output)', async () => {
  const bom = '\ufeff';
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': `${bom}name: marked\n`,
    'models/a.sql': `${bom}{{ config(materialized='table') }}\nselect 1 as x`,
    'models/b.sql': `${bom}-- @import: a = models.a\nselect * from :a\n`,
  });
  const compiled = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(compiled.code, 0, compiled.stderr);
  const models = JSON.parse(compiled.stdout).models as Array<{ name: string; materialized: string; depends_on: { models: string[] }; compiled_sql: string }>;
  assert.deepEqual(models.map((m) => [m.name, m.materialized, m.depends_on.models]), [['a', 'table', []], ['b', 'view', ['a']]]);
  assert.equal(models[1].compiled_sql, 'select * from "main"."a"');
  assert.ok(!readFileSync(join(dir, '.amp-dbt/compiled/models/a.sql'), 'utf8').startsWith(bom));
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'bom');
  const atCommit = runCli(['compile', '--commit', 'HEAD', '--project-dir', dir, '--json']);
  assert.deepEqual(JSON.parse(atCommit.stdout).models.map((m: { depends_on: { models: string[] } }) => m.depends_on.models), [[], ['a']], 'read from git too');
});

test('two models built as one relation (an alias, letter case, a seed of the same name) are an error', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: clash\n',
    'models/d1.sql': "{{ config(alias='dup') }}\nselect 1 as x",
    'models/d2.sql': "{{ config(alias='dup') }}\nselect 2 as x",
    'models/UPPER.sql': 'select 1 as x',
    'models/sub/upper.sql': 'select 2 as x',
    'models/countries.sql': 'select 1 as x',
    'seeds/countries.csv': 'code\nde\n',
    'models/other_schema.sql': "{{ config(alias='dup', schema='elsewhere') }}\nselect 3 as x",
    'models/eph.sql': "{{ config(materialized='ephemeral', alias='dup') }}\nselect 4 as x",
  });
  const result = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(result.code, 1);
  const errors = JSON.parse(result.stdout).errors as Array<{ file: string; code: string; message: string }>;
  assert.deepEqual(errors.map((e) => [e.file, e.code, e.message]), [
    ['models/countries.sql', 'duplicate-relation', "model 'countries' (models/countries.sql) and seed 'countries' (seeds/countries.csv) would both be built as main.countries"],
    ['models/d2.sql', 'duplicate-relation', "model 'd2' (models/d2.sql) and model 'd1' (models/d1.sql) would both be built as main.dup"],
    ['models/sub/upper.sql', 'duplicate-relation', "model 'upper' (models/sub/upper.sql) and model 'UPPER' (models/UPPER.sql) would both be built as main.upper"],
  ]);
});

test('warnings go to stderr with --json too; stdout holds only the JSON', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: warned\n',
    'models/a.sql': 'select 1 as x',
    'models/props.yml': 'version: 2\nmodels:\n  - name: ghost\n',
  });
  for (const args of [['compile', '--json'], ['list', '--output', 'json'], ['graph', '--format', 'json']]) {
    const result = runCli([...args, '--project-dir', dir]);
    assert.equal(result.code, 0, result.stderr);
    JSON.parse(result.stdout);
    assert.match(result.stderr, /warning: .*ghost/, args.join(' '));
  }
});

test('a config error points at the config call that sets the key, not at a comment or an earlier call', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: located\n',
    'models/k9.sql': "select 1 -- materialized = 'x'\n{{ config(materialized='tabel') }}\n",
    'models/j14.sql': "{{ config(tags=['a']) }}\nselect 1\n{{ config(materialized='tabel') }}\n",
  });
  const errors = JSON.parse(runCli(['compile', '--project-dir', dir, '--json']).stdout).errors as Array<{ file: string; line: number; column: number }>;
  assert.deepEqual(errors.map((e) => `${e.file}:${e.line}:${e.column}`), ['models/j14.sql:3:11', 'models/k9.sql:2:11']);
});

test('an unclosed comment, string, {{ or {% is located where it opens', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: unclosed\n',
    'models/comment.sql': 'select 1\n{# never closed\nselect 2\n',
    'models/string.sql': "select {{ 'unterminated }}\n",
    'models/tag.sql': 'select 1\nfrom {{ ref("stg_a") \n',
    'models/literal.sql': "select '{{' as x\n",
    'models/block.sql': 'select 1\n{% for x in [1] %}{{ x }}\n{% endfor\n',
  });
  const errors = JSON.parse(runCli(['compile', '--project-dir', dir, '--json']).stdout).errors as Array<{ file: string; line: number; column: number; message: string }>;
  assert.deepEqual(errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.message}`), [
    "models/block.sql:3:1 this '{% endfor' is never closed with '%}'",
    "models/comment.sql:2:1 a '{#' comment is never closed",
    "models/literal.sql:1:9 this '{{' is never closed with '}}'",
    'models/string.sql:1:8 a string in this tag is never closed',
    "models/tag.sql:2:6 this '{{' is never closed with '}}'",
  ]);
});

test('mixed syntaxes are warned about: a header pragma after SQL or a comment, Jinja in a header-pragma model', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: mixed\n',
    'models/stg_a.sql': 'select 1 as x',
    'models/late.sql': '/* header */\n-- @import: a = models.stg_a\nselect * from :a\n',
    'models/both.sql': "-- @import: a = models.stg_a\nselect * from {{ ref('stg_a') }}\n",
  });
  const result = runCli(['compile', '--project-dir', dir]);
  assert.match(result.stderr, /warning: models\/both\.sql:2:15: Jinja is not rendered in a header-pragma model/);
  assert.match(result.stderr, /warning: models\/late\.sql:2:1: this header pragma is not read: header pragmas must come before any SQL/);
});

test("a project var holding Jinja is rendered when read, as in dbt; the environment variable it reads is in the partial-compile key", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': "name: loaded\nvars:\n  loader: \"{{ env_var('LOADER_NAME', 'default_loader') }}\"\n",
    'models/a.sql': "select '{{ var('loader') }}' as loader",
  });
  const sqlWith = (env: Record<string, string>) => JSON.parse(runCli(['compile', '--json', '--project-dir', dir], { env }).stdout).models[0].compiled_sql;
  assert.equal(sqlWith({ LOADER_NAME: 'airflow' }), "select 'airflow' as loader");
  assert.equal(sqlWith({ LOADER_NAME: 'airflow', AMP_DBT_NO_FAST_PATH: '1' }), "select 'airflow' as loader");
  assert.equal(runCli(['compile', '--project-dir', dir], { env: { LOADER_NAME: 'airflow' } }).code, 0);
  assert.equal(runCli(['compile', '--project-dir', dir], { env: { LOADER_NAME: 'cron' } }).code, 0);
  assert.equal(readFileSync(join(dir, '.amp-dbt/compiled/models/a.sql'), 'utf8'), "select 'cron' as loader\n", 'not the cached rendering');
});

test('a generic test no one defines is warned about at compile, with the nearest name, and so is a package test (with the block to write)', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: typo\n',
    'models/a.sql': 'select 1 as id, 2 as kind',
    'tests/generic/positive.sql': '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
    'models/p.yml': 'models:\n  - name: a\n    data_tests:\n      - dbt_utils.unique_combination_of_columns: {combination_of_columns: [id, kind], severity: warn}\n'
      + '    columns:\n      - name: id\n        data_tests: [not_nul, unique, positve, positive, dbt_utils.at_least_one]\n',
  });
  const result = runCli(['compile', '--project-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  const warnings = result.stderr.split('\n').filter((line) => line.startsWith('warning:'));
  const packaged = (name: string) => `comes from a package, and dbt packages are not installed: 'amp-dbt test' reports it as an error (copy its test block into tests/generic/ (as {% test ${name} %}) and name it without the package)`;
  assert.deepEqual(warnings, [
    `warning: models/p.yml:4:9: generic test 'dbt_utils.unique_combination_of_columns' ${packaged('unique_combination_of_columns(model, combination_of_columns)')}`,
    "warning: models/p.yml:7:22: generic test 'not_nul' is not built in, and no {% test %} block defines it (did you mean 'not_null'?)",
    "warning: models/p.yml:7:39: generic test 'positve' is not built in, and no {% test %} block defines it (did you mean 'positive'?)",
    `warning: models/p.yml:7:58: generic test 'dbt_utils.at_least_one' ${packaged('at_least_one(model, column_name)')}`,
  ]);
});

test("a relationships test whose 'to' names no model, seed or source is warned about at compile, with the nearest name", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: rel\n',
    'models/customers.sql': 'select 1 as id',
    'models/orders.sql': 'select 1 as customer_id',
    'models/p.yml': [
      'models:', '  - name: orders', '    columns:', '      - name: customer_id', '        data_tests:',
      "          - relationships: {to: \"ref('customer')\", field: id}",
      "          - relationships: {to: \"ref('customers')\", field: id}",
      "          - relationships: {to: \"source('raw', 'nope')\", field: id}",
      "          - relationships: {to: \"{{ 'ref' }}('customers')\", field: id}",
      '',
    ].join('\n'),
  });
  const result = runCli(['compile', '--project-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stderr.split('\n').filter((line) => line.startsWith('warning:')), [
    "warning: models/p.yml:6:13: 'to' names model 'customer', which does not exist or is disabled (did you mean 'customers'?)",
    "warning: models/p.yml:8:13: 'to' names source 'raw.nope', which is not declared",
  ]);
});

test('a symbolic link under models/ is not read, with a warning naming it (a commit would hold the link only)', async () => {
  const { symlinkSync } = await import('node:fs');
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: links\n',
    'models/a.sql': 'select 1 as n',
    'shared/b.sql': 'select 2 as n',
  });
  symlinkSync('../shared/b.sql', join(dir, 'models/b.sql'));
  symlinkSync('../shared', join(dir, 'models/shared'));
  const { code, stdout, stderr } = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(code, 0, stderr);
  assert.deepEqual(JSON.parse(stdout).models.map((m: { name: string }) => m.name), ['a']);
  assert.match(stderr, /^warning: models\/b\.sql:1:1: a symbolic link: not read \(a git commit stores the link/m);
  assert.match(stderr, /^warning: models\/shared:1:1: a symbolic link: not read/m);
});

test('a submodule under models/ is not read, as its commit would not have its files, with a warning naming it', () => {
  const repo = initRepo({ 'dbt_project.yml': 'name: subs\n', 'models/a.sql': 'select 1 as n' });
  const vendored = join(repo, 'models/vendored');
  mkdirSync(vendored);
  git(vendored, 'init', '-q', '-b', 'main');
  commit(vendored, 'vendored', { 'b.sql': 'select 2 as n' });
  commit(repo, 'with a repository inside');
  assert.equal(git(repo, 'ls-tree', 'HEAD', 'models/vendored').split(' ')[0], '160000');
  for (const args of [[], ['--commit', 'HEAD']]) {
    const { code, stdout, stderr } = runCli(['compile', '--project-dir', repo, '--json', ...args]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).models.map((m: { name: string }) => m.name), ['a'], args.join(' '));
    assert.match(stderr, /^warning: models\/vendored:1:1: a git submodule \(or another repository\): not read \(a git commit stores a submodule/m, args.join(' '));
  }
});

test('a symbolic link read from a commit (--commit) is left out with the warning a working tree gives', async () => {
  const { symlinkSync } = await import('node:fs');
  const repo = initRepo({ 'dbt_project.yml': 'name: links\n', 'models/a.sql': 'select 1 as n', 'shared/b.sql': 'select 2 as n', 'docs/x.sql': 'x' });
  symlinkSync('../shared/b.sql', join(repo, 'models/b.sql'));
  symlinkSync('x.sql', join(repo, 'docs/y.sql'));
  commit(repo, 'links');
  for (const args of [[], ['--commit', 'HEAD']]) {
    const { code, stdout, stderr } = runCli(['compile', '--project-dir', repo, '--json', ...args]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).models.map((m: { name: string }) => m.name), ['a'], args.join(' '));
    assert.deepEqual(stderr.split('\n').filter((line) => line.startsWith('warning:')).map((line) => line.slice(0, line.indexOf(' ('))),
      ['warning: models/b.sql:1:1: a symbolic link: not read'], args.join(' '));
  }
});

test('a file-system error is reported as such, with its path and no stack trace (exit 1; JSON with --json)', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: fs\n',
    'models/a.sql': 'select 1 as n',
    '.amp-dbt/compiled/models': 'a file where the folder should be',
  });
  const { code, stdout, stderr } = runCli(['compile', '--project-dir', dir]);
  assert.equal(code, 1, stdout);
  assert.match(stderr, /^amp-dbt compile: ENOTDIR: not a directory, open '.*\.amp-dbt\/compiled\/models\/a\.sql' \(check the path/);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
  const json = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(json.code, 1);
  assert.equal(JSON.parse(json.stdout).error.code, 'file-system');
});

test('init into a folder that cannot be made stops with the error (it looped for ever under /proc)', { skip: process.platform !== 'linux' }, () => {
  const { code, stderr } = runCli(['init', '--project-dir', '/proc/amp-dbt-not-here/demo'], { timeout: 20_000 });
  assert.equal(code, 1, stderr);
  assert.match(stderr, /^amp-dbt init: ENOENT: no such file or directory, mkdir '\/proc\/amp-dbt-not-here'/);
});

test('compile reports mistakes in singular tests and in uses of custom generic tests at their file and line, as test would; run builds nothing', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: checked\n',
    'models/orders.sql': 'select 1 as id, 5 as amount',
    'models/old.sql': "{{ config(enabled=false) }}\nselect 1 as id",
    'tests/fine.sql': "{{ config(severity='warn') }}\nselect * from {{ ref('orders') }} where amount < 0",
    'tests/typo.sql': "-- amounts are positive\nselect * from {{ ref('order') }} where amount < 0",
    'tests/retired.sql': "select * from {{ ref('old') }}",
    'tests/unclosed.sql': "select * from {{ ref('orders') }}\nwhere note = 'open",
    'tests/generic/covered.sql': "{% test covered(model, column_name) %}select * from {{ model }} where {{ column_name }} not in (select id from {{ ref('lookups') }}){% endtest %}",
    'models/p.yml': 'models:\n  - name: orders\n    columns:\n      - name: amount\n        data_tests: [covered]\n',
  });
  const result = runCli(['compile', '--json', '--project-dir', dir]);
  assert.equal(result.code, 1, result.stderr);
  const out = JSON.parse(result.stdout) as { models: { name: string }[]; errors: { file: string; line: number; code: string; hint: string }[] };
  assert.deepEqual(out.models.map((m) => m.name), ['orders']);
  assert.deepEqual(out.errors.map((e) => `${e.file}:${e.line} ${e.code}`), [
    'tests/generic/covered.sql:1 unknown-ref',
    'tests/retired.sql:1 disabled-ref',
    'tests/typo.sql:2 unknown-ref',
    'tests/unclosed.sql:2 unterminated-string',
  ]);
  assert.match(out.errors.find((e) => e.file === 'tests/typo.sql')!.hint, /did you mean 'orders'/);
  const plain = runCli(['compile', '--project-dir', dir]);
  assert.match(plain.stderr, /^tests\/typo\.sql:2:\d+: error\[unknown-ref\] /m);
  assert.match(plain.stderr, /compiled 1 of 1 models .*; 4 errors/);
  assert.match(plain.stderr, /error\[unknown-ref\] the test used at models\/p\.yml:5:22 refers to 'lookups'/);
  // No test's SQL is written while the project has errors (test runs none then).
  assert.ok(!existsSync(join(dir, '.amp-dbt', 'compiled', 'tests')));
  // The same mistakes, as `test` reports them before running anything.
  const tested = runCli(['test', '--json', '--project-dir', dir]);
  assert.deepEqual((JSON.parse(tested.stdout) as { errors: { file: string; line: number; code: string }[] }).errors.map((e) => `${e.file}:${e.line} ${e.code}`), out.errors.map((e) => `${e.file}:${e.line} ${e.code}`));
  // And `run` builds nothing (as `dbt run` when the project does not parse): the same errors, no warehouse opened.
  const ran = runCli(['run', '--json', '--project-dir', dir]);
  assert.equal(ran.code, 1, ran.stderr);
  assert.deepEqual((JSON.parse(ran.stdout) as { errors: { file: string; line: number; code: string }[] }).errors.map((e) => `${e.file}:${e.line} ${e.code}`), out.errors.map((e) => `${e.file}:${e.line} ${e.code}`));
  assert.ok(!existsSync(join(dir, '.amp-dbt', 'warehouse.duckdb')));
});

test("compile's count of tests leaves out a package's tests (not installed: test reports them as errors), and writes no folder for them", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: packaged\n',
    'models/orders.sql': 'select 1 as id',
    'models/orders_range.sql': 'select 1 as id',
    'models/_models.yml': 'models:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null]\n',
    'models/_ranges.yml': 'models:\n  - name: orders_range\n    columns:\n      - name: id\n        data_tests: [{dbt_utils.accepted_range: {min_value: 0}}]\n',
  });
  const out = runCli(['compile', '--project-dir', dir]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /^warning: models\/_ranges\.yml:5:23: generic test 'dbt_utils\.accepted_range' comes from a package/m);
  assert.match(out.stderr, /^compiled 2 of 2 models with 1 test for target/m);
  assert.ok(!existsSync(join(dir, '.amp-dbt', 'compiled', 'models', '_ranges.yml')));
});

test('compile writes each test\'s SQL as test runs it against prod: singular tests at their path, generic ones under their property file', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: checked\n',
    'models/orders.sql': 'select 1 as id, 5 as amount',
    'models/customers.sql': 'select 1 as id',
    'tests/positive.sql': "select * from {{ ref('orders') }} where amount < 0",
    'tests/generic/at_most.sql': '{% test at_most(model, column_name, max_value) %}select * from {{ model }} where {{ column_name }} > {{ max_value }}{% endtest %}',
    'models/_models.yml': [
      'models:', '  - name: orders', '    columns:', '      - name: id', '        data_tests: [not_null, {relationships: {to: "ref(\'customers\')", field: id}}]',
      '      - name: amount', '        data_tests: [{at_most: {max_value: 10}}]', '  - name: customers', '    columns:', '      - name: id', '        data_tests: [unique]', '',
    ].join('\n'),
  });
  const compiled = join(dir, '.amp-dbt', 'compiled');
  const out = runCli(['compile', '--project-dir', dir]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /compiled 2 of 2 models with 5 tests for target/);
  const written = ['at_most_orders_amount__10.sql', 'not_null_orders_id.sql', 'relationships_orders_id__id__ref_customers_.sql', 'unique_customers_id.sql'];
  assert.deepEqual(readdirSync(join(compiled, 'models', '_models.yml')).sort(), written);
  assert.equal(readFileSync(join(compiled, 'tests', 'positive.sql'), 'utf8'), 'select * from "main"."orders" where amount < 0\n');
  assert.equal(readFileSync(join(compiled, 'models', '_models.yml', 'at_most_orders_amount__10.sql'), 'utf8'), 'select * from "main"."orders" where amount > 10\n');
  // Each is the SQL `test --json` reports for the test (against prod).
  const tested = JSON.parse(runCli(['test', '--json', '--project-dir', dir]).stdout) as { tests: { name: string; sql: string }[] };
  for (const test of tested.tests) {
    const path = test.name === 'positive' ? join(compiled, 'tests', 'positive.sql') : join(compiled, 'models', '_models.yml', `${test.name}.sql`);
    assert.equal(readFileSync(path, 'utf8'), `${test.sql}\n`, test.name);
  }
  // --select chooses tests as `test --select` does (orders' relationships test reads customers too); a test gone since is removed by the next full compile.
  rmSync(join(compiled), { recursive: true });
  assert.equal(runCli(['compile', '--select', 'customers', '--project-dir', dir]).code, 0);
  assert.deepEqual(readdirSync(join(compiled, 'models', '_models.yml')).sort(), ['relationships_orders_id__id__ref_customers_.sql', 'unique_customers_id.sql']);
  assert.ok(!existsSync(join(compiled, 'tests')));
  rmSync(join(dir, 'tests', 'positive.sql'));
  assert.equal(runCli(['compile', '--project-dir', dir]).code, 0);
  assert.ok(existsSync(join(compiled, 'models', '_models.yml', 'not_null_orders_id.sql')));
  assert.ok(!existsSync(join(compiled, 'tests', 'positive.sql')));
});

test("a {% test %} parameter named like a test config (limit, where ...) is warned about at its definition: the property file's key would configure the test", () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: capped\n',
    'models/a.sql': 'select 1 as id',
    'tests/generic/at_most.sql': '{% test at_most(model, column_name, limit, max_value=10) %}\nselect * from {{ model }} where {{ column_name }} > {{ max_value }}\n{% endtest %}',
  });
  const result = runCli(['compile', '--project-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stderr.split('\n').filter((line) => line.startsWith('warning:')), [
    "warning: tests/generic/at_most.sql:1:37: parameter 'limit' of test 'at_most' is named like a test config: 'limit:' under the test in a property file sets that config (as in dbt), never this parameter (rename it, e.g. 'limit_value')",
  ]);
});

test('store_failures, which amp-dbt does not apply, is warned about where it is set: on a test, in its config, in the tests tree', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: sf\ndata_tests:\n  sf:\n    +store_failures: true\n',
    'models/m.sql': 'select 1 as a',
    'models/p.yml': 'version: 2\nmodels:\n  - name: m\n    columns:\n      - name: a\n        tests:\n          - not_null: {config: {store_failures: true}}\n          - unique: {store_failures: true}\n',
  });
  const result = runCli(['compile', '--project-dir', dir]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stderr.split('\n').filter((line) => line.startsWith('warning:')).map((line) => line.replace(/ \(amp-dbt test shows.*$/, '')), [
    "warning: models/p.yml:7:13: store_failures on test 'not_null' is not applied: amp-dbt does not store failing rows in a table",
    "warning: models/p.yml:8:13: store_failures on test 'unique' is not applied: amp-dbt does not store failing rows in a table",
    "warning: dbt_project.yml:4:5: store_failures in the tests' tree of dbt_project.yml is not applied: amp-dbt does not store failing rows in a table",
  ]);
});

test('a project of many models compiles the same with its files read ahead on another thread (the bundled worker) as rendered one by one', () => {
  const files: Record<string, string> = { 'dbt_project.yml': 'name: many\n' };
  for (let i = 0; i < 600; i++) files[`models/m${String(i).padStart(3, '0')}.sql`] = `select ${i} as id${i === 0 ? '' : `, * from {{ ref('m${String(i - 1).padStart(3, '0')}') }}`}`;
  const dir = writeTree(tempDir(), files);
  const full = runCli(['compile', '--project-dir', dir, '--json'], { env: { AMP_DBT_NO_PARTIAL_COMPILE: '1' } });
  assert.equal(full.code, 0, full.stderr);
  const models = JSON.parse(full.stdout).models as { name: string; compiled_sql: string }[];
  assert.equal(models.length, 600);
  assert.equal(models.find((m) => m.name === 'm599')!.compiled_sql, 'select 599 as id, * from "main"."m598"');
  // Read ahead again (a first partial compile: every file is read), and then from the cache: the same models.
  const first = runCli(['compile', '--project-dir', dir, '--json']);
  assert.equal(first.code, 0, first.stderr);
  assert.deepEqual(JSON.parse(first.stdout).models, JSON.parse(full.stdout).models);
});

test('a model file whose name is not UTF-8 is left out with a warning, in the working tree and at a commit alike', () => {
  const repo = initRepo({ 'dbt_project.yml': 'name: names\n', 'models/a.sql': 'select 1 as n' });
  // 'lat\xe9.sql' in Latin-1: the byte 0xe9 alone is not UTF-8.
  writeFileSync(Buffer.concat([Buffer.from(join(repo, 'models/lat')), Buffer.from([0xe9]), Buffer.from('.sql')]), 'select 2 as n');
  commit(repo, 'a latin-1 name');
  for (const args of [[], ['--commit', 'HEAD']]) {
    const { code, stdout, stderr } = runCli(['compile', '--project-dir', repo, '--json', ...args]);
    assert.equal(code, 0, stderr);
    assert.deepEqual(JSON.parse(stdout).models.map((m: { name: string }) => m.name), ['a'], args.join(' '));
    assert.match(stderr, /^warning: models\/lat\ufffd\.sql:1:1: a file or folder whose name is not UTF-8: not read \(rename it/m, args.join(' '));
  }
});

test('a model with an error that still renders (an undefined var) is not compiled: no SQL printed, written or counted', () => {
  const dir = writeTree(tempDir(), {
    'dbt_project.yml': 'name: tiny\n',
    'models/a.sql': 'select 1 as x',
    'models/b.sql': "select {{ var('really_missing') }} as y",
  });
  const text = runCli(['compile', '--project-dir', dir, '--show-sql']);
  assert.equal(text.code, 1);
  assert.match(text.stdout, /^-- models\/a\.sql\nselect 1 as x\n/);
  assert.doesNotMatch(text.stdout, /models\/b\.sql/);
  assert.match(text.stderr, /^models\/b\.sql:1:15: error\[undefined-var\]/m);
  assert.match(text.stderr, /^compiled 1 of 2 models for target 'dev'/m);
  assert.equal(existsSync(join(dir, '.amp-dbt/compiled/models/b.sql')), false);
  const json = JSON.parse(runCli(['compile', '--project-dir', dir, '--json']).stdout) as { models: { name: string }[]; errors: { file: string }[] };
  assert.deepEqual([json.models.map((m) => m.name), json.errors.map((e) => e.file)], [['a'], ['models/b.sql']]);
});
