import assert from 'node:assert/strict';
import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileCacheKey, compileCacheOf, reuseFromCache, type CompileCache } from '../../core/compile/compile-cache.js';
import { compileProject } from '../../core/compile/compile-project.js';
import { Diagnostics } from '../../core/errors.js';
import { loadProject } from '../../core/project/load-project.js';
import type { ModelFile, Target } from '../../core/project/project-types.js';
import { diskFileSource, memoryFileSource, type FileSource } from '../../core/util/file-source.js';
import { tempDir, writeTree } from '../helpers.js';

const target: Target = { name: 'dev', type: 'duckdb', schema: 'main' } as Target;
const files: Record<string, string> = {
  'dbt_project.yml': 'name: shop\n',
  'models/stg_orders.sql': 'select 1 as id, 10 as amount',
  'models/orders.sql': "select id, amount from {{ ref('stg_orders') }}",
  'models/totals.sql': "select sum(amount) as total from {{ ref('orders') }}",
};

/** A second later than now: files written by the test have stamps at once (they are not "racily" recent). */
const later = () => Date.now() + 2000;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** The working tree of `dir`, counting the model files read. */
function countingSource(dir: string, now: () => number): { files: FileSource; reads: string[] } {
  const disk = diskFileSource(dir, now);
  const reads: string[] = [];
  return { files: { ...disk, read: (path) => { if (path.endsWith('.sql')) reads.push(path); return disk.read(path); } }, reads };
}

/** A compile as the CLI's partial compile does it: reusing `cache`, then making the next cache. */
function compile(dir: string, cache: CompileCache | null, now: () => number = later) {
  const { files: source, reads } = countingSource(dir, now);
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: source, root: dir }, diagnostics)!;
  const key = compileCacheKey(project, target, {}, 'test');
  const hook = reuseFromCache(cache, key, project);
  // As the CLI's partial compile: each file's stamp is asked for before anything reads the file.
  const reuse = (model: ModelFile) => (model.stamp, hook?.(model));
  const result = compileProject(project, { target, env: {}, reuse }, diagnostics);
  assert.equal(diagnostics.hasErrors, false, JSON.stringify(diagnostics.sorted()));
  const sql = new Map(result.models.map((m) => [m.name, `${m.fingerprint} ${m.canonicalSql}`]));
  return { sql, reads: reads.sort(), next: compileCacheOf(result, key, new Set(), cache) };
}

test("a file's stamp: none while it is newer than a second, then one that any rewrite changes", () => {
  const dir = writeTree(tempDir(), { 'a.sql': 'select 1' });
  assert.equal(diskFileSource(dir).stamp!('a.sql'), undefined, 'just written');
  assert.equal(diskFileSource(dir, later).stamp!('missing.sql'), undefined);
  const first = diskFileSource(dir, later).stamp!('a.sql');
  assert.ok(first);
  assert.equal(diskFileSource(dir, later).stamp!('a.sql'), first, 'unchanged');
  // The same size, the modification time put back: the change time still tells.
  const { atime, mtime } = statSync(join(dir, 'a.sql'));
  sleep(20);
  writeFileSync(join(dir, 'a.sql'), 'select 2');
  utimesSync(join(dir, 'a.sql'), atime, mtime);
  const rewritten = diskFileSource(dir, later).stamp!('a.sql');
  assert.ok(rewritten && rewritten !== first);
  // An editor's save (a new file renamed over the old one): another inode.
  writeFileSync(join(dir, 'b.sql'), 'select 2');
  renameSync(join(dir, 'b.sql'), join(dir, 'a.sql'));
  assert.notEqual(diskFileSource(dir, later).stamp!('a.sql'), rewritten);
});

test('a partial compile does not read model files whose stamps are unchanged, and reads and renders an edited one', () => {
  const dir = writeTree(tempDir(), files);
  const first = compile(dir, null);
  assert.deepEqual(first.reads, ['models/orders.sql', 'models/stg_orders.sql', 'models/totals.sql'], 'rendered');
  assert.ok(Object.values(first.next.models).every((m) => m.stamp), 'stamps kept');
  const second = compile(dir, first.next);
  assert.deepEqual(second.reads, [], 'nothing read');
  assert.deepEqual(second.sql, first.sql);
  // Edited to the same size with its modification time put back: still read, and rendered anew.
  const { atime, mtime } = statSync(join(dir, 'models/stg_orders.sql'));
  sleep(20);
  writeTree(dir, { 'models/stg_orders.sql': 'select 2 as id, 20 as amount' });
  utimesSync(join(dir, 'models/stg_orders.sql'), atime, mtime);
  const third = compile(dir, second.next);
  assert.deepEqual(third.reads, ['models/stg_orders.sql']);
  assert.match(third.sql.get('stg_orders')!, / select 2 as id, 20 as amount$/);
  assert.notEqual(third.sql.get('totals'), first.sql.get('totals'), 'fingerprints downstream change');
});

test('a file changed within the last second gets no stamp in the cache: the next compile reads it', () => {
  const dir = writeTree(tempDir(), files);
  const first = compile(dir, null, Date.now);
  assert.ok(Object.values(first.next.models).every((m) => m.stamp === undefined));
  const second = compile(dir, first.next);
  assert.deepEqual(second.reads, ['models/orders.sql', 'models/stg_orders.sql', 'models/totals.sql'], 'read to compare, not rendered');
  assert.deepEqual(second.sql, first.sql);
  // Its cache keeps the hashes of the texts read and now their stamps: the next compile reads nothing.
  assert.deepEqual(compile(dir, second.next).reads, []);
});

test('many model files (read ahead on another thread) compile as the same files in memory do; a second compile reads only the edited one', () => {
  const many: Record<string, string> = { 'dbt_project.yml': 'name: shop\n' };
  for (let i = 0; i < 700; i++) {
    const parent = i === 0 ? '' : `, p as (select * from {{ ref('m${Math.floor(i / 2)}') }})`;
    many[`models/f${i % 7}/m${i}.sql`] = `${i % 5 === 0 ? '\ufeff' : ''}with x as (select ${i} as id, 'é' as t)${parent} select * from x`;
  }
  const dir = writeTree(tempDir(), many);
  const first = compile(dir, null);
  assert.equal(first.reads.length, 700);
  const diagnostics = new Diagnostics();
  const project = loadProject({ files: memoryFileSource(Object.fromEntries(Object.entries(many).map(([p, t]) => [p, t.replace(/^\ufeff/, '')]))), root: dir }, diagnostics)!;
  const inMemory = compileProject(project, { target, env: {} }, diagnostics);
  assert.deepEqual(first.sql, new Map(inMemory.models.map((m) => [m.name, `${m.fingerprint} ${m.canonicalSql}`])));
  writeTree(dir, { 'models/f3/m3.sql': "select 3 as id, 'ü' as t" });
  const second = compile(dir, first.next);
  assert.deepEqual(second.reads, ['models/f3/m3.sql']);
  assert.match(second.sql.get('m3')!, /'ü' as t$/);
});
