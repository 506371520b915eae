import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { diskFileSource } from '../../core/util/file-source.js';
import { FilePrefetch } from '../../core/util/file-prefetch.js';
import { tempDir } from '../helpers.js';

/**
 * diskFileSource lists by appending names and reads through one shared buffer; both must give what
 * path.relative / readFileSync give (the project's models are read through it).
 */
const skipped = new Set(['node_modules', '.git', '.amp-dbt', 'target', 'dbt_packages']);

function referenceList(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) walk(join(abs, entry.name));
      } else if (entry.isFile()) {
        out.push(relative(root, join(abs, entry.name)).split(sep).join('/'));
      }
    }
  };
  walk(join(root, dir));
  return out.sort();
}

function tree(): string {
  const root = join(tempDir(), 'project');
  const files: Record<string, string | Buffer> = {
    'dbt_project.yml': 'name: x\n',
    'models/a.sql': 'select 1',
    'models/sub dir/é #1.sql': 'select 2',
    'models/.hidden.sql': '',
    'models/deep/er/est/x.sql': 'x',
    'models/node_modules/skip.sql': 'no',
    'models/target/skip.sql': 'no',
    'macros/m.sql': '{% macro m() %}{% endmacro %}',
    'empty.sql': '',
    'bom.sql': '\ufeffselect 1',
    'crlf.sql': 'a\r\nb\r\n',
    'nul.sql': 'a\u0000b',
    'invalid.sql': Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98, 0x80, 0xe2, 0x82]),
    'big.sql': 'select 1 -- ⟦x⟧ é\n'.repeat(30_000),
    'huge.sql': 'x'.repeat(3 << 20),
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  symlinkSync(join(root, 'models'), join(root, 'linked'));
  return root;
}

test('list gives every file below a folder, as path.relative would name it', () => {
  const root = tree();
  const files = diskFileSource(root);
  for (const dir of ['', '.', 'models', 'models/', './models', 'models/deep', 'missing', '..', 'models/..']) {
    assert.deepEqual(files.list(dir), referenceList(root, dir), `list('${dir}')`);
  }
  assert.ok(files.list('models').includes('models/sub dir/é #1.sql'));
});

test('read gives readFileSync text (without a byte order mark), for any bytes and sizes, and its errors', () => {
  const root = tree();
  const files = diskFileSource(root);
  for (const path of files.list('')) assert.equal(files.read(path), readFileSync(join(root, path), 'utf8').replace(/^\ufeff/, ''), path);
  assert.equal(files.read('bom.sql'), 'select 1');
  assert.equal(files.read('models/../models/a.sql'), 'select 1');
  assert.equal(files.read('big.sql'), readFileSync(join(root, 'big.sql'), 'utf8'), 'read again after a big file');
  assert.throws(() => files.read('missing.sql'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  assert.throws(() => files.read('models'), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
});

test('prefetch: files read ahead on another thread read as read gives them, errors too, in any order', async () => {
  const root = tree();
  const many = Array.from({ length: 600 }, (_, i) => `models/many/m${i}.sql`);
  mkdirSync(join(root, 'models/many'));
  for (const [i, path] of many.entries()) writeFileSync(join(root, path), i % 7 === 0 ? `\ufeffselect ${i}` : `select ${i} -- é`);
  const files = diskFileSource(root);
  const all = [...files.list(''), 'missing.sql', 'models'];
  files.prefetch!(all);
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Backwards: files the thread has not delivered yet are read here.
  for (const path of [...files.list('')].reverse()) assert.equal(files.read(path), readFileSync(join(root, path), 'utf8').replace(/^\ufeff/, ''), path);
  assert.throws(() => files.read('missing.sql'), (error: NodeJS.ErrnoException) => error.code === 'ENOENT');
  assert.throws(() => files.read('models'), (error: NodeJS.ErrnoException) => error.code === 'EISDIR');
  // Each text is handed over once: a second read reads the file.
  writeFileSync(join(root, 'models/a.sql'), 'select 2');
  assert.equal(files.read('models/a.sql'), 'select 2');
});

/** The reading thread does not keep the process alive (unref): a test waiting for it does. */
async function finished(ahead: FilePrefetch): Promise<void> {
  const alive = setInterval(() => undefined, 1000);
  await ahead.finished;
  clearInterval(alive);
}

test('FilePrefetch: a file read ahead is the text it had then; a path not asked for is not read', async () => {
  const root = tempDir();
  const paths = Array.from({ length: 50 }, (_, i) => join(root, `f${i}.sql`));
  for (const path of paths) writeFileSync(path, `select '${path}'`);
  const ahead = new FilePrefetch(paths);
  await finished(ahead);
  for (const path of paths) writeFileSync(path, 'changed');
  // What the thread read is handed over as it was read; a batch its end dropped before this thread received it
  // is undefined (the caller then reads the file itself), never the file's later text.
  for (const path of paths) {
    const text = ahead.take(path);
    assert.ok(text === undefined || text === `select '${path}'`, `${path}: ${text}`);
  }
  assert.equal(ahead.take(paths[0]!), undefined, 'taken once');
  assert.equal(ahead.take(join(root, 'other.sql')), undefined);
  const stopped = new FilePrefetch(paths);
  await finished(stopped);
  stopped.stop();
  assert.equal(stopped.take(paths[0]!), undefined, 'nothing kept once stopped');
});
