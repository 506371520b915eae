import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskBlobId } from '../../core/git/disk-blob-id.js';
import { diskFileSource, memoryFileSource } from '../../core/util/file-source.js';
import { tempDir, writeTree } from '../helpers.js';
import { git } from './git-test-repo.js';

const texts: Record<string, string> = {
  'empty.sql': '',
  'plain.sql': 'select 1 as id\n',
  'unicode.sql': "select 'héllo ✓ 𝔸' as greeting -- ünïcode\n",
  'crlf.sql': 'select 1\r\nfrom t\r\n',
  'no-newline.sql': 'select 2',
};

test('diskBlobId equals git hash-object for text and bytes', () => {
  const dir = writeTree(tempDir(), texts);
  for (const [path, text] of Object.entries(texts)) {
    assert.equal(diskBlobId(text), git(dir, 'hash-object', '--no-filters', path), path);
  }
  const bytes = Uint8Array.from([0, 255, 10, 13, 128, 7]);
  writeFileSync(join(dir, 'binary.bin'), bytes);
  assert.equal(diskBlobId(bytes), git(dir, 'hash-object', '--no-filters', 'binary.bin'));
  assert.equal(diskBlobId(''), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
});

test('disk and memory sources give the same blob ids, undefined when absent', () => {
  const dir = writeTree(tempDir(), texts);
  const disk = diskFileSource(dir);
  const memory = memoryFileSource(texts);
  for (const path of Object.keys(texts)) {
    const expected = git(dir, 'hash-object', '--no-filters', path);
    assert.equal(disk.blobId?.(path), expected, path);
    assert.equal(memory.blobId?.(path), expected, path);
  }
  assert.equal(disk.blobId?.('missing.sql'), undefined);
  assert.equal(memory.blobId?.('missing.sql'), undefined);
});
