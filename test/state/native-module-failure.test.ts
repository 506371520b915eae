import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isNativeModuleFailure } from '../../core/state/sqlite/sqlite-state-store.js';
import { tempDir } from '../helpers.js';

test('a native addon that does not load is told apart from a bad state database file', () => {
  // A real dlopen failure: a file that is not a compiled addon.
  const notAnAddon = join(tempDir(), 'better_sqlite3.node');
  writeFileSync(notAnAddon, 'not an addon');
  let failure: unknown;
  try {
    process.dlopen({ exports: {} }, notAnAddon);
  } catch (error) {
    failure = error;
  }
  assert.ok(failure, 'dlopen failed');
  assert.equal(isNativeModuleFailure(failure), true);
  // What the bindings package throws when the compiled file is missing (better-sqlite3 built for nothing).
  assert.equal(isNativeModuleFailure(new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node')), true);
  assert.equal(isNativeModuleFailure(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })), false);
});
