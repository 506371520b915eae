import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import git from 'isomorphic-git';
import { gitContext } from '../../core/git/git-context.js';
import { applyDelta, GitObjects, parseCommit } from '../../core/git/git-objects.js';
import { readRefDirect } from '../../core/git/read-ref.js';
import { commit, git as gitCli, initRepo } from './git-test-repo.js';

/** A history whose files change a little at each commit, so packing stores most versions as deltas. */
function historyRepo(): { repo: string; commits: string[] } {
  const repo = initRepo();
  const commits: string[] = [];
  const body = (i: number, n: number) => Array.from({ length: 60 }, (_, line) => `select ${line} as c${line}${line === n % 60 ? ` -- edit ${n}` : ''}`).join('\n');
  for (let n = 0; n < 12; n++) {
    const files: Record<string, string> = { 'p/dbt_project.yml': `name: p\nversion: '${n}'\n` };
    for (let i = 0; i < 8; i++) files[`p/models/f${i % 2}/m${i}.sql`] = body(i, n + i);
    files[`p/models/big.sql`] = `${'-- padding line\n'.repeat(5000)}select ${n}`;
    // Barely compressible: its zlib stream is far longer than the first window a packed read takes.
    files[`p/seeds/noise.csv`] = `${randomBytes(60_000).toString('base64')}\n${n}`;
    commits.push(commit(repo, `commit ${n}\n\nbody line\n`, files));
  }
  gitCli(repo, 'tag', '-a', 'v1', '-m', 'annotated', commits[3]);
  return { repo, commits };
}

const allObjects = (repo: string) => gitCli(repo, 'rev-list', '--objects', '--all', '--no-object-names').split('\n').concat(gitCli(repo, 'rev-parse', 'v1'));

/** Every object read by GitObjects equals isomorphic-git's reading (type and bytes). */
async function sameAsIsomorphicGit(repo: string): Promise<number> {
  const objects = GitObjects.open(repo)!;
  const ctx = gitContext(repo);
  let count = 0;
  for (const oid of allObjects(repo)) {
    const ours = objects.read(oid);
    const theirs = await git.readObject({ ...ctx, oid, format: 'content' });
    assert.ok(ours, `object ${oid} not found`);
    assert.equal(ours.type, theirs.type, oid);
    assert.ok(Buffer.from(theirs.object as Uint8Array).equals(ours.content), `object ${oid} differs`);
    count++;
  }
  assert.equal(objects.read('0'.repeat(40)), null);
  assert.equal(objects.has('0'.repeat(40)), false);
  return count;
}

test('GitObjects reads loose objects, and packs with offset deltas and with reference deltas, as isomorphic-git does', async () => {
  const { repo } = historyRepo();
  const loose = await sameAsIsomorphicGit(repo);
  gitCli(repo, 'gc', '-q', '--aggressive', '--prune=now');
  const packDir = join(repo, '.git', 'objects', 'pack');
  assert.ok(readdirSync(packDir).some((name) => name.endsWith('.pack')));
  const deltas = gitCli(repo, 'verify-pack', '-v', join(packDir, readdirSync(packDir).find((n) => n.endsWith('.idx'))!));
  assert.match(deltas, /chain length = [1-9]/, 'the pack holds delta chains');
  assert.equal(await sameAsIsomorphicGit(repo), loose);
  // pack-objects without --delta-base-offset writes deltas naming their base by id (REF_DELTA).
  const { repo: other, commits } = historyRepo();
  const list = allObjects(other).join('\n') + '\n';
  const packed = spawnSync('git', ['pack-objects', '-q', '--window=50', '--depth=20', join(other, '.git', 'objects', 'pack', 'ref')], { cwd: other, input: list, encoding: 'utf8' });
  assert.equal(packed.status, 0, packed.stderr);
  gitCli(other, 'prune-packed');
  assert.equal(readdirSync(join(other, '.git', 'objects')).filter((d) => /^[0-9a-f]{2}$/.test(d) && readdirSync(join(other, '.git', 'objects', d)).length > 0).length, 0, 'every object is packed');
  assert.equal(await sameAsIsomorphicGit(other), loose);
  assert.equal(parseCommit(GitObjects.open(other)!.read(commits[5])!.content, commits[5]).parents[0], commits[4]);
});

test('parseCommit reads tree, parents, author, committer time and message, past a signature header', () => {
  const text = [
    'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    'parent 1111111111111111111111111111111111111111',
    'parent 2222222222222222222222222222222222222222',
    'author Ada Lovelace <ada@example.com> 1767323045 +0100',
    'committer C <c@example.com> 1767323099 -0500',
    'gpgsig -----BEGIN PGP SIGNATURE-----',
    ' ',
    ' iQEz',
    ' -----END PGP SIGNATURE-----',
    '',
    'subject',
    '',
    'body',
    '',
  ].join('\n');
  const parsed = parseCommit(Buffer.from(text), 'x');
  assert.deepEqual(parsed, {
    tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
    parents: ['1111111111111111111111111111111111111111', '2222222222222222222222222222222222222222'],
    author: { name: 'Ada Lovelace', email: 'ada@example.com' },
    committerTime: 1767323099,
    message: 'subject\n\nbody\n',
  });
});

test('applyDelta copies and inserts, and refuses a delta for another base', () => {
  const base = Buffer.from('hello, world');
  // Sizes 12 and 12; copy 7 bytes from offset 0 ("hello, "); insert 5 bytes ("there").
  const delta = Buffer.from([12, 12, 0x90, 7, 5, ...Buffer.from('there')]);
  assert.equal(applyDelta(base, delta, 'x').toString(), 'hello, there');
  assert.throws(() => applyDelta(Buffer.from('short'), delta, 'x'), /base of another size/);
});

test('readRefDirect resolves HEAD, branches, tags and packed refs as git does; unknown names are left to isomorphic-git', () => {
  const { repo, commits } = historyRepo();
  gitCli(repo, 'branch', 'feature', commits[2]);
  gitCli(repo, 'tag', 'light', commits[1]);
  const expect = (name: string) => gitCli(repo, 'rev-parse', name);
  for (const name of ['HEAD', 'main', 'feature', 'refs/heads/feature', 'light', 'v1', 'tags/v1']) assert.equal(readRefDirect(repo, name), expect(name), name);
  gitCli(repo, 'pack-refs', '--all');
  for (const name of ['HEAD', 'main', 'feature', 'light', 'v1']) assert.equal(readRefDirect(repo, name), expect(name), `${name} (packed)`);
  assert.equal(readRefDirect(repo, 'nope'), undefined);
  assert.equal(readRefDirect(initRepo(), 'HEAD'), undefined, 'an unborn branch');
});
