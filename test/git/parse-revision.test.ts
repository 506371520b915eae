import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidRefName, parseRevision, unsupportedRevisionSyntax } from '../../core/git/parse-revision.js';

test('a revision is a name and parent steps', () => {
  assert.deepEqual(parseRevision('main'), { base: 'main', steps: [] });
  assert.deepEqual(parseRevision('@'), { base: 'HEAD', steps: [] });
  assert.deepEqual(parseRevision('HEAD~'), { base: 'HEAD', steps: [{ kind: '~', count: 1 }] });
  assert.deepEqual(parseRevision('HEAD~12^2^'), { base: 'HEAD', steps: [{ kind: '~', count: 12 }, { kind: '^', count: 2 }, { kind: '^', count: 1 }] });
  assert.deepEqual(parseRevision('v1.0^{}'), { base: 'v1.0', steps: [] });
  assert.deepEqual(parseRevision('v1.0^{commit}~1'), { base: 'v1.0', steps: [{ kind: '~', count: 1 }] });
  assert.deepEqual(parseRevision('feature/x^0'), { base: 'feature/x', steps: [{ kind: '^', count: 0 }] });
  assert.deepEqual(parseRevision('@{u}'), { base: 'HEAD', steps: [], upstream: true });
  assert.deepEqual(parseRevision('feature/x@{UPSTREAM}~2'), { base: 'feature/x', steps: [{ kind: '~', count: 2 }], upstream: true });
});

test('git syntax amp-dbt does not follow is named for what it is', () => {
  const what = (text: string) => unsupportedRevisionSyntax(text)?.what.split(' (')[0];
  assert.equal(what('origin/main...HEAD'), 'is a range of commits');
  assert.equal(what('main..side'), 'is a range of commits');
  assert.equal(what('HEAD@{1}'), 'reads the reflog');
  assert.equal(what('@{-1}'), 'reads the reflog');
  assert.equal(what('main@{yesterday}'), 'reads the reflog by date');
  assert.equal(what(':/fix typo'), 'searches commit messages');
  assert.equal(what('HEAD^{tree}'), 'names an object that is not a commit');
  assert.equal(what('HEAD:models/a.sql'), 'names a file at a commit');
  assert.equal(unsupportedRevisionSyntax('HEAD@{1}')?.revParse, true);
  assert.equal(unsupportedRevisionSyntax('a..b')?.revParse, false);
  assert.equal(unsupportedRevisionSyntax('a b'), null);
});

test('syntax that is not a revision gives null', () => {
  for (const bad of ['', '~1', 'HEAD~x', 'HEAD^{tree}', 'main..side', 'a b', '../x', '/abs', '-flag', 'x.lock', 'x/', 'a:b', 'a@{1}', 'a@{push}', 'x@{u}y']) {
    assert.equal(parseRevision(bad), null, bad);
  }
  assert.equal(isValidRefName('refs/heads/feature/login'), true);
  assert.equal(isValidRefName('v1.0-rc.1'), true);
});
