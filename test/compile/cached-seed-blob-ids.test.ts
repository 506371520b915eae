import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cachedSeedBlobIds } from '../../core/compile/cached-seed-blob-ids.js';
import { diskBlobId } from '../../core/git/disk-blob-id.js';
import type { Project, Target } from '../../core/project/project-types.js';
import type { SeedFile } from '../../core/seed/seed-file.js';
import { diskFileSource, type FileSource } from '../../core/util/file-source.js';
import { tempDir, writeTree } from '../helpers.js';

const target: Target = { name: 'dev', type: 'duckdb', schema: 'main', path: 'w.duckdb' };
const seed = (root: string): SeedFile => ({ path: 'seeds/countries.csv', absolutePath: `${root}/seeds/countries.csv`, name: 'countries', format: 'csv', schema: 'main', identifier: 'countries', declared: new Map() });

/** The working tree as a compile reads it (stamps given: the clock is a second ahead), counting the files hashed. */
function project(root: string, racy = false): { project: Project; hashed: string[] } {
  const disk = diskFileSource(root, racy ? Date.now : () => Date.now() + 5_000);
  const hashed: string[] = [];
  const files: FileSource = { ...disk, blobId: (path) => { hashed.push(path); return disk.blobId!(path); } };
  return { project: { root, files, seedPaths: ['seeds'], models: [], sources: [] } as unknown as Project, hashed };
}

test("a seed whose stamp the cache kept is not read again: its kept blob id is taken; another stamp hashes it and asks for the cache's rewrite", () => {
  const root = writeTree(tempDir(), { 'seeds/countries.csv': 'code\nde\n' });
  const first = project(root);
  const ids = cachedSeedBlobIds(first.project, target, undefined);
  assert.equal(ids.ofSeed(seed(root)), diskBlobId('code\nde\n'));
  assert.equal(ids.ofSeed(seed(root)), diskBlobId('code\nde\n'), 'asked twice, hashed once');
  assert.deepEqual([first.hashed, ids.outdated()], [['seeds/countries.csv'], true]);
  const kept = ids.seen();
  assert.equal(typeof kept.countries.stamp, 'string');

  const second = project(root);
  const again = cachedSeedBlobIds(second.project, target, kept);
  assert.equal(again.ofName('countries'), diskBlobId('code\nde\n'));
  assert.deepEqual([second.hashed, again.outdated()], [[], false], 'the same stamp: not read, the cache stays as it is');

  writeTree(root, { 'seeds/countries.csv': 'code\nde\nfr\n' });
  const third = project(root);
  const edited = cachedSeedBlobIds(third.project, target, kept);
  assert.equal(edited.ofSeed(seed(root)), diskBlobId('code\nde\nfr\n'));
  assert.deepEqual([third.hashed, edited.outdated()], [['seeds/countries.csv'], true]);
});

test('a seed changed within the last second has no stamp: it is hashed at every compile, and the cache is rewritten only when its blob id changed', () => {
  const root = writeTree(tempDir(), { 'seeds/countries.csv': 'code\nde\n' });
  const first = project(root, true);
  const ids = cachedSeedBlobIds(first.project, target, undefined);
  ids.ofSeed(seed(root));
  const kept = ids.seen();
  assert.deepEqual([kept.countries.stamp, ids.outdated()], [undefined, true]);
  const second = project(root, true);
  const again = cachedSeedBlobIds(second.project, target, kept);
  assert.equal(again.ofSeed(seed(root)), kept.countries.blobId);
  assert.deepEqual([second.hashed, again.outdated()], [['seeds/countries.csv'], false]);
});
