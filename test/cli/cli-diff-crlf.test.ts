import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { baseProject, REPO_KEY } from '../diff/diff-repo.js';
import { commit, git, initRepo } from '../git/git-test-repo.js';
import { runCli, tempDir, writeTree } from '../helpers.js';

const crlf = (text: string) => text.replace(/\n/g, '\r\n');

/** amp-dbt in `dir` with git's user files elsewhere: `globalConfig` as the global config file, and XDG_CONFIG_HOME `xdg`. */
function cli(dir: string, args: string[], env: Record<string, string> = {}) {
  return runCli(args, { cwd: dir, env: { AMP_DBT_REPO: REPO_KEY, AMP_DBT_STATE_URL: '', GIT_CONFIG_NOSYSTEM: '1', GIT_ATTR_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', XDG_CONFIG_HOME: tempDir(), ...env } });
}

/** How each case arranges CRLF checkouts: the environment amp-dbt runs with, and git's options for the checkout (the same files). */
const settings: { name: string; arrange: (dir: string) => { env?: Record<string, string>; gitOptions?: string[] } }[] = [
  { name: 'core.autocrlf=true', arrange: (dir) => (git(dir, 'config', 'core.autocrlf', 'true'), {}) },
  { name: '.gitattributes eol=crlf', arrange: (dir) => (commit(dir, 'attributes', { '.gitattributes': '*.sql eol=crlf\n*.yml eol=crlf\n' }), {}) },
  {
    name: 'core.attributesFile eol=crlf',
    arrange: (dir) => {
      const file = join(tempDir(), 'attributes');
      writeFileSync(file, '* text eol=crlf\n');
      git(dir, 'config', 'core.attributesFile', file);
      return {};
    },
  },
  {
    name: '$XDG_CONFIG_HOME/git/attributes eol=crlf',
    arrange: () => {
      const xdg = tempDir();
      writeTree(xdg, { 'git/attributes': '* text eol=crlf\n' });
      // The tests' git reads no user files: it is told the same file.
      return { env: { XDG_CONFIG_HOME: xdg }, gitOptions: ['-c', `core.attributesFile=${join(xdg, 'git', 'attributes')}`] };
    },
  },
];

for (const { name, arrange } of settings) {
  test(`diff --head working-tree of a clean CRLF checkout (${name}) is no change; an edit is its edit alone`, () => {
    const repo = initRepo(baseProject);
    commit(repo, 'v1');
    const { env = {}, gitOptions = [] } = arrange(repo);
    git(repo, ...gitOptions, 'rm', '-q', '--cached', '-r', '.');
    git(repo, ...gitOptions, 'reset', '-q', '--hard');
    const orders = join(repo, 'models/orders.sql');
    assert.equal(readFileSync(orders, 'utf8'), crlf(baseProject['models/orders.sql']), 'checked out with CRLF');
    assert.equal(git(repo, ...gitOptions, 'status', '--porcelain'), '', 'git calls it clean');
    const clean = cli(repo, ['diff', '--base', 'HEAD', '--head', 'working-tree', '--stat'], env);
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /: no changes \(4 models\)\n$/);
    writeFileSync(orders, readFileSync(orders, 'utf8').replace('where amount >', 'where amount >='));
    const edited = cli(repo, ['diff', '--base', 'HEAD', '--head', 'working-tree', '--json'], env);
    assert.equal(edited.code, 0, edited.stderr);
    const json = JSON.parse(edited.stdout);
    assert.deepEqual(json.models.map((m: { name: string; change: string; reasons: string[] }) => [m.name, m.change, m.reasons]), [['orders', 'modified', ['body']], ['totals', 'modified', ['upstream']]]);
    assert.deepEqual(json.models[0].sqlDiff.text.split('\n').filter((line: string) => /^[-+][^-+]/.test(line)), ['-where amount > 10', '+where amount >= 10']);
  });
}

test('a compile error in a CRLF checkout is at the line and column of the committed file', () => {
  const broken = { 'models/broken.sql': 'select 1 as id,\n  2 as x,\n  {{ 1 +  }} as y\n', 'models/unknown.sql': "select 1 as id,\n  {{ ref('no_such_model') }} as x\n" };
  const lf = initRepo({ ...baseProject, ...broken });
  const crlfRepo = initRepo({ ...baseProject, ...Object.fromEntries(Object.entries(broken).map(([path, text]) => [path, crlf(text)])) });
  git(crlfRepo, 'config', 'core.autocrlf', 'true');
  for (const dir of [lf, crlfRepo]) commit(dir, 'broken');
  const [ofLf, ofCrlf] = [lf, crlfRepo].map((dir) => cli(dir, ['compile']));
  assert.equal(ofCrlf.code, 1);
  const positions = (stderr: string) => stderr.split('\n').filter((line) => /^models\//.test(line));
  assert.deepEqual(positions(ofCrlf.stderr), positions(ofLf.stderr));
  assert.match(ofCrlf.stderr, /^models\/broken\.sql:3:11: /m);
  assert.match(ofCrlf.stderr, /^models\/unknown\.sql:2:\d+: /m);
});
