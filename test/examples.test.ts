import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from './helpers.js';

const listening = (port: number) => new Promise<boolean>((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.end(); resolve(true); });
  socket.once('error', () => resolve(false));
});

/** The scripts behind `npm start` and `npm run start:amp` (after the build `npm test` has done). */
function example(script: string) {
  return spawnSync(process.execPath, [join(repoRoot, 'scripts', script)], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 240_000 });
}

test('npm start runs the example end to end on the embedded defaults', () => {
  const result = example('example.mjs');
  assert.equal(result.status, 0, result.stderr);
  for (const step of ['seed', 'compile --check', 'run --env prod', 'test --env prod', 'status --env prod', 'diff --base HEAD~1 --head HEAD', 'run --env pr-1', 'env promote pr-1 prod']) {
    assert.ok(result.stdout.includes(`$ amp-dbt ${step}`), step);
  }
  const output = result.stdout + result.stderr;
  assert.match(output, /Done: 41 tests, 41 passed/);
  assert.match(output, /run 2 success: 1 built, 1 incremental updated, 5 reused/);
  assert.match(result.stdout, /The example ran end to end/);
});

test('npm run start:amp runs the example on the local Amp server', async (t) => {
  if ((await Promise.all([1602, 1603, 1610].map(listening))).some(Boolean)) {
    t.skip('Amp\'s default ports are in use here');
    return;
  }
  const result = example('example-amp.mjs');
  assert.equal(result.status, 0, result.stderr);
  const output = result.stdout + result.stderr;
  assert.match(output, /run 1 success: 4 registered, 4 deployed, 0 reused, 3 queried/);
  assert.match(output, /run 2 success: 0 registered, 0 deployed, 4 reused, 3 queried/);
  assert.match(result.stdout, /The example ran on the local Amp server/);
});
