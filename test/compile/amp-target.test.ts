import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ampTarget, compileFiles } from '../helpers.js';

test('amp: internal refs are inlined as CTEs (deduplicated, dependency order) and own CTEs merged', () => {
  const { result, errors } = compileFiles({
    'dbt_project.yml': "name: chain\nmodels:\n  chain:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/logs.sql': "select * from {{ ref('eth') }}.logs;",
    'models/transfers.sql': "select block_num from {{ ref('logs') }}",
    'models/summary.sql': "with recent as (select * from {{ ref('transfers') }} where block_num > 10)\nselect r.block_num, l.address from recent r join {{ ref('logs') }} l on l.block_num = r.block_num",
  }, { target: ampTarget });
  assert.deepEqual(errors, []);
  assert.equal(result!.targetSql('summary'), [
    'WITH "logs" AS (',
    'select * from "_/eth_firehose@1.0.0".logs',
    '),',
    '"transfers" AS (',
    'select block_num from "logs"',
    '),',
    'recent as (select * from "transfers" where block_num > 10)',
    'select r.block_num, l.address from recent r join "logs" l on l.block_num = r.block_num',
  ].join('\n'));
  assert.equal(result!.targetSql('logs'), 'select * from "_/eth_firehose@1.0.0".logs');
});

test('canonical SQL and fingerprints do not depend on the target', () => {
  const files = {
    'dbt_project.yml': 'name: chain\n',
    'models/a.sql': 'select 1 as x',
    'models/b.sql': "select * from {{ ref('a') }}",
  };
  const duck = compileFiles(files);
  const amp = compileFiles(files, { target: ampTarget });
  assert.deepEqual(amp.result!.models.map((m) => [m.canonicalSql, m.fingerprint]), duck.result!.models.map((m) => [m.canonicalSql, m.fingerprint]));
  assert.notEqual(amp.result!.targetSql('b'), duck.result!.targetSql('b'));
});
