import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliPath, tempDir, writeTree } from '../helpers.js';

test('a reader that stops early (| head) ends the command quietly: exit 0, no EPIPE stack trace', () => {
  const files: Record<string, string> = { 'dbt_project.yml': 'name: many\n' };
  for (let i = 0; i < 1500; i++) files[`models/model_with_a_longish_name_${String(i).padStart(4, '0')}.sql`] = 'select 1 as n';
  const dir = writeTree(tempDir(), files);
  // Over 200 KB of JSON into a pipe whose reader leaves after 10 bytes; pipefail gives amp-dbt's exit code.
  const script = 'set -o pipefail; "$0" "$1" graph --format json --project-dir "$2" | head -c 10 > /dev/null';
  const result = spawnSync('bash', ['-c', script, process.execPath, cliPath, dir], { encoding: 'utf8' });
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
});
