import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkinBlobId } from '../../core/git/checkin-blob-id.js';
import { useUserGitConfig } from '../../core/git/user-git-config.js';
import { diskFileSource } from '../../core/util/file-source.js';
import { tempDir, writeTree } from '../helpers.js';
import { git, initRepo } from './git-test-repo.js';

/** Files of every kind git's end-of-line conversion tells apart, written with CRLF line ends unless binary. */
const files: Record<string, string> = {
  'models/a.sql': 'select 1\r\nfrom t\r\n',
  'models/lf.sql': 'select 1\nfrom t\n',
  'models/mixed.sql': 'select 1\r\nfrom t\n',
  'models/lone-cr.sql': 'select 1\rfrom t\r\n',
  'models/nul.sql': 'select 1\r\n\u0000\r\n',
  'models/deep/b.sql': 'select 2\r\n',
  'seeds/s.csv': 'id,name\r\n1,x\r\n',
  'seeds/raw/r.csv': 'id\r\n1\r\n',
  'macros/m.sql': '{% macro m() %}1{% endmacro %}\r\n',
};

/** What `git add` would store for each file (`git hash-object` applies the same conversion), and ours. */
function compare(dir: string, projectDir = dir, prefix = '') {
  const ours = checkinBlobId(projectDir);
  for (const path of Object.keys(files)) {
    const expected = git(dir, 'hash-object', `${prefix}${path}`);
    assert.equal(ours(path, readFileSync(join(projectDir, path))), expected, `${prefix}${path} (${git(dir, 'config', '--get', 'core.autocrlf') || 'no autocrlf'})`);
  }
}

const configs = ['false', 'true', 'input'];

test('checkinBlobId is the id git hash-object gives a working-tree file, for core.autocrlf and .gitattributes alike', () => {
  const attributeSets = [
    '',
    '* text=auto\n',
    '*.csv -text\n',
    '*.sql eol=crlf\nseeds/** text\n',
    '* text\nmodels/deep/*.sql -text\n',
    '*.sql binary\n*.csv crlf=input\n',
    '# a comment\n[ms]*/*.sql text\n*.csv !text\n',
  ];
  for (const attributes of attributeSets) {
    for (const autocrlf of configs) {
      const dir = initRepo(files);
      git(dir, 'config', 'core.autocrlf', autocrlf);
      if (attributes) writeTree(dir, { '.gitattributes': attributes });
      compare(dir);
    }
  }
});

test('checkinBlobId reads .gitattributes of subfolders and info/attributes, for a project in a subfolder', () => {
  for (const autocrlf of configs) {
    const dir = initRepo();
    writeTree(join(dir, 'proj'), files);
    git(dir, 'config', 'core.autocrlf', autocrlf);
    writeTree(dir, {
      '.gitattributes': '/proj/models/*.sql text\n',
      'proj/seeds/.gitattributes': 'raw/*.csv -text\n*.csv eol=crlf\n',
      'proj/models/deep/.gitattributes': '*.sql -text\n',
      '.git/info/attributes': 'macros/*.sql text\n',
    });
    compare(dir, join(dir, 'proj'), 'proj/');
  }
});

test('checkinBlobId reads core.autocrlf from the global config file useUserGitConfig names', () => {
  const dir = initRepo(files);
  const global = join(tempDir(), 'gitconfig');
  writeFileSync(global, '[core]\n\tautocrlf = true\n');
  try {
    useUserGitConfig({ GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1' });
    const ours = checkinBlobId(dir);
    const withGlobal = spawnSync('git', ['hash-object', 'models/a.sql'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: global, GIT_CONFIG_NOSYSTEM: '1' } });
    assert.equal(ours('models/a.sql', readFileSync(join(dir, 'models/a.sql'))), withGlobal.stdout.trim());
    assert.notEqual(withGlobal.stdout.trim(), git(dir, 'hash-object', '--no-filters', 'models/a.sql'), 'converted');
    git(dir, 'config', 'core.autocrlf', 'false');
    assert.equal(checkinBlobId(dir)('models/a.sql', readFileSync(join(dir, 'models/a.sql'))), git(dir, 'hash-object', '--no-filters', 'models/a.sql'), "the repository's config over the global one");
  } finally {
    useUserGitConfig({ GIT_CONFIG_NOSYSTEM: '1' });
  }
});

test('a clean checkout with core.autocrlf=true has the committed blob ids; an edited file does not', () => {
  const dir = initRepo({ 'models/a.sql': 'select 1\nfrom t\n', 'seeds/s.csv': 'id\n1\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'lf');
  git(dir, 'config', 'core.autocrlf', 'true');
  git(dir, 'rm', '-q', '--cached', '-r', '.');
  git(dir, 'reset', '-q', '--hard');
  assert.equal(readFileSync(join(dir, 'seeds/s.csv'), 'utf8'), 'id\r\n1\r\n', 'checked out with CRLF');
  assert.equal(git(dir, 'status', '--porcelain'), '', 'git calls it clean');
  const source = diskFileSource(dir);
  for (const path of ['models/a.sql', 'seeds/s.csv']) assert.equal(source.blobId?.(path), git(dir, 'rev-parse', `HEAD:${path}`), path);
  writeTree(dir, { 'seeds/s.csv': 'id\r\n2\r\n' });
  assert.notEqual(diskFileSource(dir).blobId?.('seeds/s.csv'), git(dir, 'rev-parse', 'HEAD:seeds/s.csv'), 'an edit is an edit');
});

test('a file committed with CRLF line ends under core.autocrlf=true, which git leaves as it is, has its committed id while the index vouches for it', () => {
  const dir = initRepo({ 'models/a.sql': 'select 1\r\nfrom t\r\n' });
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'crlf committed');
  git(dir, 'config', 'core.autocrlf', 'true');
  // Times in the past, and the index refreshed after: git hashed the file and it has not changed since.
  const past = new Date(Date.now() - 60_000);
  utimesSync(join(dir, 'models/a.sql'), past, past);
  git(dir, 'update-index', '-q', '--refresh');
  assert.equal(git(dir, 'status', '--porcelain'), '', 'git calls it clean');
  const committed = git(dir, 'rev-parse', 'HEAD:models/a.sql');
  assert.equal(diskFileSource(dir).blobId?.('models/a.sql'), committed);
  assert.equal(checkinBlobId(dir)('models/a.sql', readFileSync(join(dir, 'models/a.sql'))), committed, 'hashed too: the index blob has CRLF line ends, so git keeps them');
  assert.equal(diskFileSource(dir).read('models/a.sql'), 'select 1\r\nfrom t\r\n', 'its text is as committed');
  writeTree(dir, { 'models/a.sql': 'select 2\r\nfrom t\r\n' });
  const touched = diskFileSource(dir);
  assert.deepEqual([touched.blobId?.('models/a.sql'), touched.read('models/a.sql')], [git(dir, 'hash-object', '--no-filters', 'models/a.sql'), 'select 2\r\nfrom t\r\n'], 'touched: CRLF kept');
  git(dir, 'add', 'models/a.sql');
  assert.equal(git(dir, 'rev-parse', ':models/a.sql'), touched.blobId?.('models/a.sql'), 'as git add stores it (git hash-object, reading no index, would convert)');
});

test("a working-tree file's text is the blob git add stores, for core.autocrlf and .gitattributes alike", () => {
  for (const attributes of ['', '* text=auto\n', '*.sql eol=crlf\n*.csv -text\n', '* text\n']) {
    for (const autocrlf of configs) {
      const dir = initRepo(files);
      git(dir, 'config', 'core.autocrlf', autocrlf);
      if (attributes) writeTree(dir, { '.gitattributes': attributes });
      git(dir, 'add', '-A');
      const source = diskFileSource(dir);
      for (const path of Object.keys(files)) {
        const stored = spawnSync('git', ['cat-file', 'blob', `:${path}`], { cwd: dir, encoding: 'utf8' }).stdout;
        assert.equal(source.read(path), stored, `${path} (${attributes || 'no attributes'}, autocrlf ${autocrlf})`);
      }
    }
  }
});

test('core.attributesFile, else $XDG_CONFIG_HOME/git/attributes, is read under .gitattributes and info/attributes', () => {
  const home = tempDir();
  const xdg = tempDir();
  writeTree(xdg, { 'git/attributes': '*.sql text\n' });
  writeTree(home, { 'attrs/global': '*.csv text\n' });
  const env = { GIT_CONFIG_NOSYSTEM: '1', GIT_ATTR_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: join(home, 'gitconfig'), HOME: home, XDG_CONFIG_HOME: xdg };
  writeFileSync(env.GIT_CONFIG_GLOBAL, '');
  const hashObject = (dir: string, path: string) => spawnSync('git', ['hash-object', path], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...env } }).stdout.trim();
  try {
    useUserGitConfig(env);
    const dir = initRepo(files);
    writeTree(dir, { '.gitattributes': 'models/deep/*.sql -text\n' });
    for (const configured of [null, '~/attrs/global']) {
      if (configured) writeFileSync(env.GIT_CONFIG_GLOBAL, `[core]\n\tattributesFile = ${configured}\n`);
      const ours = checkinBlobId(dir);
      for (const path of Object.keys(files)) assert.equal(ours(path, readFileSync(join(dir, path))), hashObject(dir, path), `${path} (${configured ?? 'XDG'})`);
    }
    assert.notEqual(hashObject(dir, 'seeds/s.csv'), git(dir, 'hash-object', '--no-filters', 'seeds/s.csv'), 'core.attributesFile converts the seed');
    writeFileSync(env.GIT_CONFIG_GLOBAL, '');
    assert.notEqual(hashObject(dir, 'models/a.sql'), git(dir, 'hash-object', '--no-filters', 'models/a.sql'), 'the XDG file converts the model');
    assert.equal(hashObject(dir, 'models/deep/b.sql'), git(dir, 'hash-object', '--no-filters', 'models/deep/b.sql'), '.gitattributes over it');
  } finally {
    useUserGitConfig({ GIT_CONFIG_NOSYSTEM: '1', GIT_ATTR_NOSYSTEM: '1' });
  }
});

test("a linked worktree reads the main repository's info/attributes, as git does (info/ is shared)", () => {
  const main = initRepo({ 'README.md': 'x\n' });
  git(main, 'add', '-A');
  git(main, 'commit', '-q', '-m', 'first');
  const worktree = join(tempDir(), 'wt');
  git(main, 'worktree', 'add', '-q', worktree);
  writeTree(main, { '.git/info/attributes': '*.sql text\n' });
  writeTree(worktree, files);
  const ours = checkinBlobId(worktree);
  for (const path of Object.keys(files)) assert.equal(ours(path, readFileSync(join(worktree, path))), git(worktree, 'hash-object', path), path);
  assert.notEqual(git(worktree, 'hash-object', 'models/a.sql'), git(worktree, 'hash-object', '--no-filters', 'models/a.sql'), 'converted');
});
