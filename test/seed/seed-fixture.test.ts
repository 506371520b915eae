import assert from 'node:assert/strict';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, runCli, tempDir } from '../helpers.js';

test('the example project: its sample CSVs load into the Amp dataset schema and pass the source tests', () => {
  const root = join(tempDir('amp-dbt-seed-fixture-'), 'erc20_transfers');
  cpSync(fixture('erc20_transfers'), root, { recursive: true, filter: (path) => !path.includes('.amp-dbt') });
  const seeded = runCli(['seed', '--project-dir', root, '--json']);
  assert.equal(seeded.code, 0, seeded.stdout);
  const report = JSON.parse(seeded.stdout);
  assert.deepEqual(report.seeds.map((s: { relation: string; status: string }) => [s.relation, s.status]), [
    ['"_/eth_firehose@1.0.0"."blocks"', 'ok'], ['"_/eth_firehose@1.0.0"."logs"', 'ok'], ['"_/eth_firehose@1.0.0"."transactions"', 'ok'],
  ]);
  assert.ok(report.seeds.every((s: { rows: number }) => s.rows > 0));
  // stg_blocks reads the source with source(), stg_transfer_logs through the dataset (ref('eth').logs): without them the source tests run alone.
  const tested = runCli(['test', '--project-dir', root, '--json', '--select', 'source:eth_firehose', '--exclude', 'stg_blocks', 'stg_transfer_logs']);
  assert.equal(tested.code, 0, tested.stdout);
  const tests = JSON.parse(tested.stdout).tests as { name: string; status: string }[];
  assert.equal(tests.length, 10);
  assert.ok(tests.every((t) => t.name.startsWith('source_') && t.status === 'pass'));
});
