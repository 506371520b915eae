import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commit, git } from '../git/git-test-repo.js';
import { writeTree } from '../helpers.js';
import { amp, runJson, shopRepo } from './run-project.js';

/** Checks every committed file out again, as a clone with these settings would have it. */
function checkOutAgain(dir: string): void {
  git(dir, 'rm', '-q', '--cached', '-r', '.');
  git(dir, 'reset', '-q', '--hard');
}

for (const setting of ['core.autocrlf=true', '.gitattributes eol=crlf']) {
  test(`a clean checkout with CRLF line ends (${setting}) deploys its commit; an edited seed does not`, async () => {
    const { dir } = await shopRepo();
    const sha = commit(dir, 'a seed and the run time', {
      'seeds/countries.csv': 'code,name\nde,Germany\n',
      'models/country_names.sql': "select name from {{ ref('countries') }}",
      'models/stamped.sql': "select '{{ run_started_at }}' as at, count(*) as n from {{ ref('stg_orders') }}",
    });
    if (setting.startsWith('core')) git(dir, 'config', 'core.autocrlf', 'true');
    else writeTree(dir, { '.git/info/attributes': '* text eol=crlf\n' });
    checkOutAgain(dir);
    assert.equal(readFileSync(join(dir, 'seeds/countries.csv'), 'utf8'), 'code,name\r\nde,Germany\r\n');
    assert.equal(git(dir, 'status', '--porcelain'), '', 'git calls the checkout clean');
    assert.equal(amp(dir, 'seed').code, 0);
    const run = runJson(dir, '--env', 'dev');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual([run.body.moved, run.body.commit, run.body.recordedAs], [true, sha, sha], 'the checkout is the commit');
    writeTree(dir, { 'seeds/countries.csv': 'code,name\r\nde,Deutschland\r\n' });
    const edited = runJson(dir, '--env', 'dev');
    assert.deepEqual([edited.body.moved, edited.body.recordedAs], [false, `${sha}+dirty`], 'an edited seed is an edit');
  });
}
