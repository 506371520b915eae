import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackgroundFileWriter } from '../../cli/background-file-writer.js';
import { tempDir } from '../helpers.js';

/** Enough files that the writer starts its worker thread (it writes a few hundred on this one). */
const MANY = 1_200;

for (const count of [3, MANY]) {
  test(`BackgroundFileWriter writes ${count} files, then replaces the index last`, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    const writer = new BackgroundFileWriter();
    for (let i = 0; i < count; i++) writer.write(join(dir, 'out', `m${i}.sql`), `select ${i}\n`);
    writer.replace(join(dir, 'index.json'), `{"files":${count}}`);
    await writer.finish();
    assert.equal(readdirSync(join(dir, 'out')).length, count);
    assert.equal(readFileSync(join(dir, 'out', `m${count - 1}.sql`), 'utf8'), `select ${count - 1}\n`);
    assert.equal(readFileSync(join(dir, 'index.json'), 'utf8'), `{"files":${count}}`);
    assert.deepEqual(readdirSync(dir).sort(), ['index.json', 'out'], 'no temporary file left');
  });

  test(`BackgroundFileWriter (${count} files) rejects with the first failed write and writes nothing after it`, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    const writer = new BackgroundFileWriter();
    for (let i = 0; i < count; i++) writer.write(join(dir, 'out', `m${i}.sql`), 'select 1\n');
    writer.write(join(dir, 'missing', 'x.sql'), 'select 2\n');
    writer.write(join(dir, 'out', 'after.sql'), 'select 3\n');
    writer.replace(join(dir, 'index.json'), '{}');
    await assert.rejects(writer.finish(), (error: NodeJS.ErrnoException) => {
      assert.equal(error.code, 'ENOENT');
      assert.match(error.message, /missing\/x\.sql/);
      return true;
    });
    assert.equal(readdirSync(join(dir, 'out')).length, count, 'the files before the failure are written');
    assert.ok(!existsSync(join(dir, 'out', 'after.sql')));
    assert.ok(!existsSync(join(dir, 'index.json')), 'an index written last never names a file that is not there');
  });

  test(`BackgroundFileWriter (${count} files) passes over a failed optional replace`, async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    const writer = new BackgroundFileWriter();
    for (let i = 0; i < count; i++) writer.write(join(dir, 'out', `m${i}.sql`), 'select 1\n');
    writer.replace(join(dir, 'missing', 'cache.json'), '{}', { optional: true });
    writer.write(join(dir, 'out', 'after.sql'), 'select 3\n');
    await writer.finish();
    assert.ok(existsSync(join(dir, 'out', 'after.sql')));
    assert.ok(!existsSync(join(dir, 'missing')));
  });
}

test('BackgroundFileWriter.abort stops the worker without writing what is left', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'out'));
  const writer = new BackgroundFileWriter();
  for (let i = 0; i < MANY; i++) writer.write(join(dir, 'out', `m${i}.sql`), 'select 1\n');
  await writer.abort();
  await writer.finish(); // nothing left to write: resolves
  assert.ok(readdirSync(join(dir, 'out')).length < MANY);
});
