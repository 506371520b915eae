import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitConfigValue } from '../../core/git/git-config.js';
import { repositoryId } from '../../core/git/repository-id.js';
import { tempDir } from '../helpers.js';
import { git, initRepo } from './git-test-repo.js';

/** What the real git reads for `name` from the config text (undefined when unset). */
function gitReads(text: string, name: string): string | undefined {
  const file = join(tempDir('amp-dbt-config-'), 'config');
  writeFileSync(file, text);
  const result = spawnSync('git', ['config', '-f', file, '--get', name], { encoding: 'utf8' });
  if (result.status === 1) return undefined;
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.replace(/\n$/, '');
}

const CONFIGS = [
  '[remote "origin"]\n\turl = https://github.com/acme/shop.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n',
  '[core]\n\tbare = false\n[Remote "origin"]\n  URL=git@github.com:acme/shop.git   # the main one\n',
  '[remote "upstream"]\n\turl = https://github.com/other/x\n[remote "origin"]\n\turl = "ssh://git@host:22/acme/q u o.git" ; quoted\n',
  '[remote "origin"]\n\turl = first\n\turl = second\n',
  '[remote "Origin"]\n\turl = wrong-case subsection\n',
  '[remote.origin]\n\turl = older-form\n',
  '[remote "origin"]\n\turl = split \\\n  across\n',
  '[remote "origin"]\n\turl = "a \\"quoted\\" \\\\ value"\n',
  '# comment\n; comment\n[remote "origin"] url = on-the-header-line\n',
  '[remote "origin"]\n',
];

test('git config values read as git reads them', () => {
  for (const text of CONFIGS) {
    const ours = gitConfigValue(text, 'remote', 'origin', 'url');
    assert.equal(ours, gitReads(text, 'remote.origin.url'), text);
  }
});

test('a repository is keyed by its origin remote, else by its path', async () => {
  const dir = initRepo();
  assert.equal(await repositoryId(dir), dir);
  git(dir, 'remote', 'add', 'origin', 'git@github.com:Acme/Shop.git');
  assert.equal(await repositoryId(dir), 'Acme/Shop');
});
