import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidRefName, parseRevision } from '../../core/git/parse-revision.js';

test('a revision is a name and parent steps', () => {
  assert.deepEqual(parseRevision('main'), { base: 'main', steps: [] });
  assert.deepEqual(parseRevision('@'), { base: 'HEAD', steps: [] });
  assert.deepEqual(parseRevision('HEAD~'), { base: 'HEAD', steps: [{ kind: '~', count: 1 }] });
  assert.deepEqual(parseRevision('HEAD~12^2^'), { base: 'HEAD', steps: [{ kind: '~', count: 12 }, { kind: '^', count: 2 }, { kind: '^', count: 1 }] });
  assert.deepEqual(parseRevision('v1.0^{}'), { base: 'v1.0', steps: [] });
  assert.deepEqual(parseRevision('v1.0^{commit}~1'), { base: 'v1.0', steps: [{ kind: '~', count: 1 }] });
  assert.deepEqual(parseRevision('feature/x^0'), { base: 'feature/x', steps: [{ kind: '^', count: 0 }] });
});

test('syntax that is not a revision gives null', () => {
  for (const bad of ['', '~1', 'HEAD~x', 'HEAD^{tree}', 'main..side', 'a b', '../x', '/abs', '-flag', 'x.lock', 'x/', 'a:b', 'a@{1}']) {
    assert.equal(parseRevision(bad), null, bad);
  }
  assert.equal(isValidRefName('refs/heads/feature/login'), true);
  assert.equal(isValidRefName('v1.0-rc.1'), true);
});
