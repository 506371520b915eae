import assert from 'node:assert/strict';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { COMPILER_REVISION } from '../../core/compile/compiler-revision.js';
import { sqliteDriver } from '../../core/state/sqlite/sqlite-driver.js';
import { cli, twoCommitRepo, withStore } from '../diff/cli-fixture.js';
import { baseProject, REPO_KEY, STATE_KEY } from '../diff/diff-repo.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { repoRoot, runCli } from '../helpers.js';

const { dir, v1, v2 } = await twoCommitRepo();
const short = (sha: string) => sha.slice(0, 12);

test('diff --base ENV: an environment name is a ref; commits nobody recorded are recorded', async () => {
  assert.equal(await withStore(dir, (s) => s.hasManifest(STATE_KEY, v2)), false);
  const full = cli(dir, 'diff', '--base', 'prod');
  assert.equal(full.code, 0, full.stderr);
  assert.match(full.stdout, /\n\n--- a\/models\/orders\.sql\n\+\+\+ b\/models\/orders\.sql\n@@ /, 'the SQL diffs follow the summary');
  const result = cli(dir, 'diff', '--base', 'prod', '--stat');
  assert.ok(full.stdout.startsWith(result.stdout.trimEnd()), '--stat: the summary alone');
  assert.equal(result.stdout, `diff prod (${short(v1)}) -> HEAD (${short(v2)}): 1 modified, 1 added, 1 removed, 1 formatting only; 4 affected
  ~ orders     modified: body  +1 -1
  + customers  added  +1 -0
  = report     formatting only: body (comments or whitespace only: data unchanged)  +1 -0
  - totals     removed  +0 -2
`);
  assert.equal(await withStore(dir, (s) => s.hasManifest(STATE_KEY, v2)), true);
  assert.equal(cli(dir, 'diff', '--base', v1, '--head', v2, '--stat').stdout.split('\n').slice(1).join('\n'), result.stdout.split('\n').slice(1).join('\n'));
});

test('diff --json: the whole diff, with both sides named', () => {
  const result = cli(dir, 'diff', '--base', 'prod', '--head', 'main', '--json');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(json), ['base', 'head', 'summary', 'models', 'affected', 'mermaid', 'mermaidChanged', 'macros', 'vars', 'warnings']);
  assert.deepEqual(json.base, { commit: v1, projectName: 'shop', models: 4, ref: 'prod', environment: 'prod' });
  assert.deepEqual(json.head, { commit: v2, projectName: 'shop', models: 4, ref: 'main', environment: null });
  assert.deepEqual(json.summary, { added: 1, removed: 1, modified: 1, formattingOnly: 1, metadataOnly: 0, affected: 4, unchanged: 1, notSelected: 0 });
  const orders = json.models.find((m: { name: string }) => m.name === 'orders');
  assert.deepEqual(Object.keys(orders), ['name', 'change', 'reasons', 'path', 'materialized', 'fingerprint', 'changedParents', 'configChanges', 'varChanges', 'macroFiles', 'sqlDiff']);
  assert.deepEqual(orders.reasons, ['body']);
  assert.match(orders.sqlDiff.text, /^-where amount > 10$/m);
  assert.match(orders.sqlDiff.text, /^\+where amount >= 10$/m);
  assert.deepEqual(json.affected, ['orders', 'customers', 'report', 'totals'], 'dependency order, then names');
  assert.match(json.mermaid, /^flowchart LR\n/);
  assert.equal(result.stdout.indexOf('\n'), result.stdout.length - 1, 'piped, the JSON is one line');
});

test('diff HEAD~1 and HEAD, both recorded, agree with the same diff by sha (packed refs, detached HEAD)', () => {
  const bySha = cli(dir, 'diff', '--base', v1, '--head', v2, '--json');
  assert.equal(bySha.code, 0, bySha.stderr);
  const same = (stdout: string) => {
    const { base, head, ...rest } = JSON.parse(stdout);
    const { base: b, head: h, ...expected } = JSON.parse(bySha.stdout);
    assert.deepEqual([base.commit, head.commit, rest], [b.commit, h.commit, expected]);
  };
  same(cli(dir, 'diff', '--base', 'HEAD~1', '--head', 'HEAD', '--json').stdout);
  git(dir, 'pack-refs', '--all');
  same(cli(dir, 'diff', '--base', 'HEAD^', '--head', '@', '--json').stdout);
  git(dir, 'checkout', '-q', '--detach');
  try {
    same(cli(dir, 'diff', '--base', 'HEAD~1', '--json').stdout);
  } finally {
    git(dir, 'checkout', '-q', 'main');
  }
});

test('an environment whose recorded commit the clone lacks (history rewritten, shallow CI) still resolves', async () => {
  const repo = initRepo(baseProject);
  const old = commit(repo, 'old');
  assert.equal(cli(repo, 'state', 'record').code, 0);
  await withStore(repo, (store) => store.createEnvironment(STATE_KEY, 'prod', old, 'test'));
  git(repo, 'checkout', '-q', '--orphan', 'rewritten');
  const now = commit(repo, 'rewritten', { 'models/orders.sql': baseProject['models/orders.sql'].replace('where amount >', 'where amount >=') });
  git(repo, 'branch', '-q', '-D', 'main');
  git(repo, 'reflog', 'expire', '--expire=now', '--all');
  git(repo, 'gc', '-q', '--prune=now');
  assert.throws(() => git(repo, 'cat-file', '-e', old), 'the old commit is gone from git');
  const result = cli(repo, 'diff', '--base', 'prod', '--json');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual([json.base.commit, json.head.commit], [old, now]);
  assert.deepEqual(json.models.map((m: { name: string; reasons: string[] }) => `${m.name}: ${m.reasons.join()}`), ['orders: body', 'totals: upstream']);
  // The sha as a log or a PR comment shows it, abbreviated: read from the recorded commits as git lacks it.
  const abbreviated = cli(repo, 'diff', '--base', old.slice(0, 9), '--json');
  assert.equal(abbreviated.code, 0, abbreviated.stderr);
  assert.deepEqual(JSON.parse(abbreviated.stdout).base, { ...json.base, ref: old.slice(0, 9), environment: null });
  // compile reads git only: the commit is named as gone, not as a branch or tag that is not there.
  const compiled = cli(repo, 'compile', '--commit', old);
  assert.equal(compiled.code, 1);
  assert.match(compiled.stderr, new RegExp(`error\\[unknown-commit\\] commit ${old.slice(0, 12)} is not in the git repository at .*: a rebase, amend or force-push may have replaced it`));
  assert.match(compiled.stderr, new RegExp(`hint: git fetch origin ${old} fetches it if a remote still has it`));
});

/** As an older amp-dbt (compiler revision 1) would have recorded the commit. */
function markRecordedByOlderCompiler(repo: string, sha: string): void {
  const db = new (sqliteDriver())(join(repo, '.amp-dbt', 'state.db'));
  try {
    assert.equal(db.prepare('UPDATE manifests SET compiler_revision = 1 WHERE commit_sha = ?').run(sha).changes, 1);
  } finally {
    db.close();
  }
}

test("a side an older amp-dbt recorded is recorded again with this compiler, so the diff compares like with like", async () => {
  const repo = initRepo(baseProject);
  const old = commit(repo, 'old');
  commit(repo, 'new', { 'models/orders.sql': baseProject['models/orders.sql'].replace('where amount >', 'where amount >=') });
  assert.equal(cli(repo, 'state', 'record', '--commit', 'HEAD~1').code, 0);
  assert.equal(cli(repo, 'state', 'record').code, 0);
  markRecordedByOlderCompiler(repo, old);
  const result = cli(repo, 'diff', '--base', 'HEAD~1', '--json');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual(json.warnings, [], 'no warning about differing compilers: the base was recorded again');
  assert.deepEqual(json.models.map((m: { name: string; reasons: string[] }) => `${m.name}: ${m.reasons.join()}`), ['orders: body', 'totals: upstream']);
  assert.equal(await withStore(repo, async (s) => (await s.getManifest(STATE_KEY, old))?.compilerRevision), COMPILER_REVISION);
});

test("an older amp-dbt's manifest of a commit that no longer compiles is compared as it is, with a warning", async () => {
  const repo = initRepo(baseProject);
  const good = commit(repo, 'good');
  assert.equal(cli(repo, 'state', 'record').code, 0);
  const broken = commit(repo, 'broken', { 'models/orders.sql': "select * from {{ ref('no_such_model') }}\n" });
  // As an older amp-dbt that compiled it would have recorded it (here: the good commit's models under its sha).
  await withStore(repo, async (store) => {
    const manifest = (await store.getManifest(STATE_KEY, good))!;
    const sql = await store.getModelSql(STATE_KEY, manifest.models.map((m) => m.definitionId));
    await store.saveManifest(STATE_KEY, { ...manifest, commit: broken, parents: [good], compilerRevision: 1, models: manifest.models.map((m) => ({ ...m, ...sql.get(m.definitionId) })) });
  });
  const result = cli(repo, 'diff', '--base', good, '--head', broken, '--json');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.deepEqual([json.head.commit, json.models], [broken, []], 'the older manifest, kept');
  assert.match(json.warnings[0], /^the base was recorded by compiler revision \d+ and the head by compiler revision 1: models may differ only because /);
  // Recording it again cannot succeed: the warning says why instead of suggesting it.
  assert.match(json.warnings[0], new RegExp(`differently now; the older \\(${short(broken)}\\) could not be recorded again here, as it no longer compiles: 1 error; `
    + `amp-dbt compile --commit ${short(broken)} shows it$`));
  // Run from elsewhere with --project-dir, the compile it names has it too.
  const elsewhere = runCli(['diff', '--base', good, '--head', broken, '--json', '--project-dir', repo], { cwd: dirname(repo), env: { AMP_DBT_REPO: REPO_KEY, AMP_DBT_STATE_URL: '' } });
  assert.equal(elsewhere.code, 0, elsewhere.stderr);
  assert.ok(JSON.parse(elsewhere.stdout).warnings[0].endsWith(`amp-dbt compile --commit ${short(broken)} --project-dir ${repo} shows it`), elsewhere.stdout);
  assert.equal(await withStore(repo, async (s) => (await s.getManifest(STATE_KEY, broken))?.compilerRevision), 1, 'not replaced');
});

test("an older amp-dbt's manifest of a commit the clone lacks is compared as it is, with a warning", () => {
  const repo = initRepo(baseProject);
  const old = commit(repo, 'old');
  assert.equal(cli(repo, 'state', 'record').code, 0);
  markRecordedByOlderCompiler(repo, old);
  git(repo, 'checkout', '-q', '--orphan', 'rewritten');
  commit(repo, 'rewritten', { 'models/orders.sql': baseProject['models/orders.sql'].replace('where amount >', 'where amount >=') });
  git(repo, 'branch', '-q', '-D', 'main');
  git(repo, 'reflog', 'expire', '--expire=now', '--all');
  git(repo, 'gc', '-q', '--prune=now');
  const result = cli(repo, 'diff', '--base', old, '--json');
  assert.equal(result.code, 0, result.stderr);
  const json = JSON.parse(result.stdout);
  assert.equal(json.base.commit, old);
  assert.equal(json.warnings.length, 1);
  assert.match(json.warnings[0], new RegExp(`^the base was recorded by compiler revision 1 and the head by compiler revision ${COMPILER_REVISION}: models may differ only because `
    + `amp-dbt renders them differently now; the older \\(${short(old)}\\) could not be recorded again here, as this clone cannot read the commit \\(.+\\)$`));
});

test('diff --markdown: the pull-request comment', () => {
  const result = cli(dir, 'diff', '--base', 'prod', '--markdown');
  assert.equal(result.code, 0, result.stderr);
  const md = result.stdout;
  assert.match(md, new RegExp(`^### amp-dbt diff\n\n\\*\\*base\\*\\* \`prod\` \\(\`${short(v1)}\`\\) → \\*\\*head\\*\\* \`HEAD\` \\(\`${short(v2)}\`\\)\n`));
  assert.match(md, /^\| formatting only \(comments, whitespace\) \| 1 \|$/m);
  assert.match(md, /^Comment or whitespace edits only \(the data does not change\): `report`\.$/m);
  assert.match(md, /^```mermaid\nflowchart LR\n/m);
  assert.match(md, /<summary><code>orders<\/code> modified: body \(\+1 −1\)<\/summary>/);
  assert.match(md, /```diff\n--- a\/models\/orders.sql\n\+\+\+ b\/models\/orders.sql\n/);
});

test('diff --select narrows the report; a selector matching nothing warns', () => {
  const result = cli(dir, 'diff', '--base', 'prod', '--select', 'orders+', '--stat');
  assert.equal(result.code, 0, result.stderr);
  // totals was removed; it read orders, so orders+ selects it too.
  const lines = result.stdout.split('\n').slice(1, -1);
  assert.deepEqual(lines.filter((l) => !l.includes('outside the selection')).map((l) => l.trim().split(/\s+/)[1]), ['orders', 'customers', 'totals']);
  assert.ok(lines.includes('  1 changed model outside the selection'), lines.join('\n'));
  const added = cli(dir, 'diff', '--base', 'prod', '--select', 'state:new', '--stat');
  assert.deepEqual(added.stdout.split('\n').slice(1, -1).filter((l) => !l.includes('outside the selection')).map((l) => l.trim().split(/\s+/)[1]), ['customers']);
  const none = cli(dir, 'diff', '--base', 'prod', '--select', 'nothing_here');
  assert.match(none.stdout, /no changes/);
  assert.match(none.stderr, /warning: .*nothing_here/);
});

test("diff --select seed+: the changed models reading the seed and below, found in the recorded SQL", () => {
  const seeded = initRepo({
    ...baseProject,
    'seeds/countries.csv': 'code\nde\n',
    'models/by_country.sql': "select c.code, o.id from {{ ref('countries') }} c, {{ ref('orders') }} o\n",
    'models/country_report.sql': "select * from {{ ref('by_country') }}\n",
  });
  const before = commit(seeded, 'v1');
  commit(seeded, 'v2', {
    'models/stg_orders.sql': '-- raw orders\nselect 2 as id, 5 as amount\n',
    'models/by_country.sql': "select c.code, o.id, 1 as n from {{ ref('countries') }} c, {{ ref('orders') }} o\n",
  });
  const names = (out: { stdout: string }) => (JSON.parse(out.stdout) as { models: { name: string }[] }).models.map((m) => m.name);
  const all = cli(seeded, 'diff', '--base', before, '--json');
  assert.deepEqual(names(all), ['stg_orders', 'orders', 'by_country', 'country_report', 'report', 'totals']);
  const reading = cli(seeded, 'diff', '--base', before, '--json', '--select', 'countries+');
  assert.equal(reading.code, 0, reading.stderr);
  assert.deepEqual(names(reading), ['by_country', 'country_report']);
  assert.deepEqual(names(cli(seeded, 'diff', '--base', before, '--json', '--select', 'countries+1')), ['by_country']);
  assert.deepEqual(names(cli(seeded, 'diff', '--base', before, '--json', '--exclude', 'countries+')), ['stg_orders', 'orders', 'report', 'totals']);
  const bare = cli(seeded, 'diff', '--base', before, '--select', 'countries');
  assert.match(bare.stderr, /warning: selector 'countries' names a seed, not a model: .*'countries\+' selects the models reading it/);
});

test("a commit editing a seed: its readers are modified with the reason seed (JSON, text, markdown), plan builds them", () => {
  const seeded = initRepo({
    ...baseProject,
    'seeds/countries.csv': 'code\nde\n',
    'seeds/raw/orders.csv': 'id,amount\n1,5\n',
    'models/sources.yml': 'version: 2\nsources:\n  - name: raw\n    tables:\n      - name: orders\n',
    'models/by_country.sql': "{{ config(materialized='table') }}\nselect c.code, o.id from {{ ref('countries') }} c, {{ ref('orders') }} o\n",
    'models/country_report.sql': "select * from {{ ref('by_country') }}\n",
    'models/raw_orders.sql': "select * from {{ source('raw', 'orders') }}\n",
  });
  const before = commit(seeded, 'v1');
  assert.equal(cli(seeded, 'seed').code, 0);
  const built = cli(seeded, 'run', '--env', 'prod');
  assert.equal(built.code, 0, built.stderr);
  const after = commit(seeded, 'more countries, more raw orders', { 'seeds/countries.csv': 'code\nde\nfr\n', 'seeds/raw/orders.csv': 'id,amount\n1,5\n2,7\n' });
  const json = cli(seeded, 'diff', '--base', before, '--json');
  assert.equal(json.code, 0, json.stderr);
  const models = (JSON.parse(json.stdout) as { models: { name: string; change: string; reasons: string[]; seeds?: string[] }[] }).models;
  assert.deepEqual(models.map((m) => [m.name, m.change, m.reasons.join(','), m.seeds]), [
    ['by_country', 'modified', 'seed', ['countries']],
    ['country_report', 'modified', 'upstream', undefined],
  ], 'raw_orders reads a source table the seed fills: source data, not in fingerprints');
  const text = cli(seeded, 'diff', '--base', before);
  assert.match(text.stdout, /^ {2}~ by_country +modified: seed \(countries\)$/m);
  const markdown = cli(seeded, 'diff', '--base', before, '--markdown');
  assert.match(markdown.stdout, /seed: its SQL and config are unchanged; a seed it reads changed \(the file's content, its column types or its table\): `countries`/);
  const plan = cli(seeded, 'plan', '--env', 'prod', '--commit', after, '--json');
  assert.equal(plan.code, 0, plan.stderr);
  assert.deepEqual((JSON.parse(plan.stdout).build as { name: string; change: string }[]).map((m) => `${m.name} ${m.change}`), ['by_country modified', 'country_report modified']);
  assert.match(cli(seeded, 'plan', '--env', 'prod', '--commit', after).stdout, /^build \(2\):\n {2}\+ by_country +modified: seed +-> amp_dbt_physical\.by_country__[0-9a-f]{12}\n/m);
});

test('usage errors and unknown refs', () => {
  assert.equal(cli(dir, 'diff').code, 2);
  assert.match(cli(dir, 'diff').stderr, /--base is required/);
  assert.equal(cli(dir, 'diff', '--base', 'prod', '--json', '--markdown').code, 2);
  // --stat is one of the outputs too (the usage: --stat | --json | --markdown), not ignored beside another.
  const both = cli(dir, 'diff', '--base', 'prod', '--stat', '--json');
  assert.deepEqual([both.code, JSON.parse(both.stdout).error.message], [2, 'choose one of --stat and --json']);
  assert.match(cli(dir, 'diff', '--base', 'prod', '--stat', '--markdown').stderr, /choose one of --stat and --markdown/);
  const unknown = cli(dir, 'diff', '--base', 'prdo');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /error\[unknown-commit\] no environment named 'prdo', and no commit, branch or tag 'prdo'/);
  assert.match(unknown.stderr, /hint: did you mean 'prod'\?/);
});

test('a side whose project does not compile is reported, not compared', () => {
  const broken = commit(dir, 'broken', { 'models/broken.sql': "select * from {{ ref('missing_model') }}\n" });
  const result = cli(dir, 'diff', '--base', 'prod', '--head', broken);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  // A sha is shown short, as the diff's own header shows a side (sideLabel); a name with its commit.
  assert.match(result.stderr, new RegExp(`^the project at ${short(broken)} does not compile`, 'm'));
  assert.match(result.stderr, /missing_model/);
  assert.match(cli(dir, 'diff', '--base', 'prod').stderr, new RegExp(`^the project at HEAD \\(${short(broken)}\\) does not compile`, 'm'));
  // --markdown: the comment a pull request gets says what does not compile, rather than being empty.
  const markdown = cli(dir, 'diff', '--base', 'prod', '--head', broken, '--markdown');
  assert.equal(markdown.code, 1);
  assert.match(markdown.stdout, new RegExp(`^### amp-dbt diff\\n\\nThe project at \`${short(broken)}\` does not compile, so there is no diff to show:\\n\\n\`\`\`text\\nmodels/broken\\.sql:1:\\d+: error\\[unknown-ref\\] .*missing_model`));
});

test('diff and plan --help show the usage the README documents', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const name of ['diff', 'plan']) {
    const help = runCli([name, '--help']);
    assert.equal(help.code, 0);
    const usage = /^Usage: (.*)$/m.exec(help.stdout)![1];
    assert.ok(readme.includes(`| \`${usage.replace(/\|/g, '\\|')}\` |`), `README row for: ${usage}`);
    assert.match(runCli(['--help']).stdout, new RegExp(`\\n {2}${name} +\\S`));
  }
});

test('diff --head working-tree: uncommitted edits compiled now (not recorded); the default HEAD says how to see them', async () => {
  const repo = initRepo(baseProject);
  const committed = commit(repo, 'v1');
  const orders = join(repo, 'models/orders.sql');
  writeFileSync(orders, readFileSync(orders, 'utf8').replace('where amount >', 'where amount >='));
  const atHead = cli(repo, 'diff', '--base', 'HEAD');
  assert.equal(atHead.code, 0, atHead.stderr);
  assert.match(atHead.stdout, /: no changes \(4 models\)\n$/);
  assert.match(atHead.stderr, /--head working-tree compares your uncommitted edits/);
  const text = cli(repo, 'diff', '--base', 'HEAD', '--head', 'working-tree', '--stat');
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, new RegExp(`^diff HEAD \\(${short(committed)}\\) -> working-tree: 1 modified, 1 downstream; 2 affected\n  ~ orders +modified: body {2}\\+1 -1\n`));
  const json = JSON.parse(cli(repo, 'diff', '--base', 'HEAD', '--head', 'working-tree', '--json').stdout);
  assert.deepEqual([json.head.commit, json.head.ref, json.models.map((m: { name: string }) => m.name)], ['working-tree', 'working-tree', ['orders', 'totals']]);
  assert.match(json.models[0].sqlDiff.text, /^\+where amount >= 10$/m);
  assert.deepEqual(await withStore(repo, async (s) => (await s.listManifests(STATE_KEY)).map((m) => m.commit)), [committed], 'only the commit was recorded');
  writeFileSync(join(repo, 'models/broken.sql'), "select * from {{ ref('no_such_model') }}\n");
  const broken = cli(repo, 'diff', '--base', 'HEAD', '--head', 'working-tree');
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /^the project at working-tree does not compile, so it has no manifest:\nmodels\/broken\.sql:1:/m);
  const comment = cli(repo, 'diff', '--base', 'HEAD', '--head', 'working-tree', '--markdown');
  assert.match(comment.stdout, /^The project at `working-tree` does not compile, so there is no diff to show:$/m);
  // With --json the errors are in the JSON alone: stderr has no heading over errors it leaves out.
  const brokenJson = cli(repo, 'diff', '--base', 'HEAD', '--head', 'working-tree', '--json');
  assert.equal(brokenJson.code, 1);
  assert.deepEqual(JSON.parse(brokenJson.stdout).errors.map((e: { code: string }) => e.code), ['unknown-ref']);
  assert.equal(brokenJson.stderr, '');
});

test('diff and plan recording a commit now warn, as state record does, of what it cannot read (stderr; diff --json warnings)', () => {
  const linked = initRepo({ ...baseProject, '.gitignore': '.amp-dbt/\n' });
  const first = commit(linked, 'v1');
  symlinkSync('orders.sql', join(linked, 'models', 'orders_link.sql'));
  commit(linked, 'a linked model');
  const warning = 'models/orders_link.sql:1:1: a symbolic link: not read (a git commit stores the link, not what it points to, so amp-dbt reads the working tree as its commit would: copy the file or folder instead)';
  const json = cli(linked, 'diff', '--base', first, '--json');
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).warnings, [warning], 'HEAD recorded now: its warning');
  assert.equal(json.stderr, `warning: ${warning}\n`);
  const again = cli(linked, 'diff', '--base', first);
  assert.doesNotMatch(again.stderr, /symbolic link/, 'a recorded commit is not read again');
  symlinkSync('orders.sql', join(linked, 'models', 'second_link.sql'));
  commit(linked, 'another link');
  const text = cli(linked, 'diff', '--base', first, '--stat');
  assert.match(text.stderr, /^warning: models\/orders_link\.sql:1:1: a symbolic link[^\n]*\nwarning: models\/second_link\.sql:1:1: a symbolic link/m);
  commit(linked, 'a third', { 'models/third.sql': 'select 3 as id' });
  const plan = cli(linked, 'plan', '--env', 'dev', '--json');
  assert.equal(plan.code, 0, plan.stderr);
  assert.match(plan.stderr, /^warning: models\/orders_link\.sql:1:1: a symbolic link: not read/m);
  assert.doesNotMatch(plan.stdout, /symbolic link/, 'stdout is the plan');
});
