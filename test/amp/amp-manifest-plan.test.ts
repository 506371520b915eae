import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fingerprintVersion } from '../../core/amp/amp-naming.js';
import { compileForAmp } from '../../core/amp/compile-for-amp.js';
import { planAmpRun } from '../../core/amp/run/plan-amp-run.js';
import { Diagnostics } from '../../core/errors.js';
import { ampTarget, compileFiles } from '../helpers.js';

const files = {
  'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
  'models/logs.sql': "{{ config(end_block='latest') }}\nselect block_num, address from {{ ref('eth') }}.logs",
  'models/transfers.sql': "{{ config(end_block=19000100) }}\nselect block_num from {{ ref('logs') }}",
  'models/quiet.sql': "{{ config(deploy=false) }}\nselect block_num from {{ ref('logs') }}",
  'models/summary.sql': "{{ config(register=false) }}\nselect count(*) as n from {{ ref('transfers') }}",
};

function setup() {
  const { result } = compileFiles(files, { target: ampTarget });
  const diagnostics = new Diagnostics();
  const drafts = compileForAmp(result!, result!.models.map((m) => m.name), diagnostics);
  assert.deepEqual(diagnostics.items, []);
  const version = (name: string) => fingerprintVersion(result!.byName.get(name)!.fingerprint);
  return { result: result!, drafts, version };
}

test('a fingerprint the server has is reused, a new one registered; ad-hoc models are queries', () => {
  const { result, drafts, version } = setup();
  const versions = new Map([['logs', new Map([[version('logs'), 'a'.repeat(64)]])]]);
  const plan = planAmpRun({ result, selected: result.models.map((m) => m.name), drafts, versions, namespace: 'erc20', environment: 'prod', deploy: true });
  const steps = Object.fromEntries(plan.steps.map((s) => [s.model, s]));
  assert.equal(plan.environmentVersion, '0.0.0-env.prod');
  assert.deepEqual([steps.logs.action, steps.logs.knownHash, steps.logs.deploy, steps.logs.endBlock], ['reuse', 'a'.repeat(64), true, 'latest']);
  assert.deepEqual([steps.transfers.action, steps.transfers.deploy, steps.transfers.endBlock], ['register', true, '19000100'], 'a number in config() is a block number');
  assert.equal(steps.quiet.endBlock, null);
  assert.deepEqual([steps.quiet.action, steps.quiet.deploy], ['register', false], 'deploy: false registers only');
  assert.equal(steps.summary.action, 'adhoc');
  assert.match(steps.summary.sql!, /^WITH "logs" AS/);
});

test('--register plans no deploys; --end-block overrides the config', () => {
  const { result, drafts } = setup();
  const all = result.models.map((m) => m.name);
  const registerOnly = planAmpRun({ result, selected: all, drafts, versions: new Map(), namespace: 'erc20', environment: 'dev_alice', deploy: false });
  assert.ok(registerOnly.steps.every((s) => !s.deploy));
  assert.equal(registerOnly.environmentVersion, null, "'dev_alice' cannot be a semantic version");
  const overridden = planAmpRun({ result, selected: all, drafts, versions: new Map(), namespace: 'erc20', environment: 'prod', deploy: true, endBlock: '-10' });
  assert.ok(overridden.steps.filter((s) => s.action !== 'adhoc').every((s) => s.endBlock === '-10'));
});

test('a model whose parent is neither on the server nor selected is blocked', () => {
  const { result, drafts } = setup();
  const plan = planAmpRun({ result, selected: ['transfers'], drafts, versions: new Map(), namespace: 'erc20', environment: 'prod', deploy: true });
  assert.deepEqual(plan.steps.map((s) => [s.model, s.action, s.blockedBy]), [['transfers', 'blocked', 'logs']]);
});

test("an ad-hoc query may read the registered ancestors the run reuses (or leaves out) from their datasets", () => {
  const { result, drafts, version } = setup();
  const all = result.models.map((m) => m.name);
  const logs = `erc20/logs@${version('logs')}`;
  const transfers = `erc20/transfers@${version('transfers')}`;
  // logs is on the server (reused), transfers is new (registered by the run): only logs may be read.
  const versions = new Map([['logs', new Map([[version('logs'), 'a'.repeat(64)]])]]);
  const summary = planAmpRun({ result, selected: all, drafts, versions, namespace: 'erc20', environment: 'prod', deploy: true }).steps.find((s) => s.model === 'summary')!;
  assert.deepEqual(summary.datasets, [{ model: 'logs', dataset: logs, inRun: true }]);
  assert.deepEqual(summary.sqlReading!(new Map()), { sql: summary.sql, reads: [] }, 'nothing serving: everything inlined, as compile writes it');
  const overLogs = summary.sqlReading!(new Map([['logs', logs]]));
  assert.deepEqual(overLogs.reads, [logs]);
  assert.equal(overLogs.sql, `WITH "transfers" AS (\nselect block_num from "${logs}".logs\n)\nselect count(*) as n from "transfers"`);
  // Both on the server: the query reads transfers' dataset and nothing behind it (logs is not reached).
  versions.set('transfers', new Map([[version('transfers'), 'b'.repeat(64)]]));
  const reused = planAmpRun({ result, selected: all, drafts, versions, namespace: 'erc20', environment: 'prod', deploy: true }).steps.find((s) => s.model === 'summary')!;
  assert.deepEqual(reused.datasets!.map((d) => d.model).sort(), ['logs', 'transfers']);
  const overBoth = reused.sqlReading!(new Map(reused.datasets!.map((d) => [d.model, d.dataset])));
  assert.deepEqual(overBoth, { sql: `select count(*) as n from "${transfers}".transfers`, reads: [transfers] });
  // Selected alone, its ancestors are read from the server when it has their fingerprints' versions.
  const alone = planAmpRun({ result, selected: ['summary'], drafts, versions, namespace: 'erc20', environment: 'prod', deploy: true });
  assert.deepEqual(alone.steps[0].datasets!.map((d) => [d.model, d.inRun]).sort(), [['logs', false], ['transfers', false]]);
  assert.deepEqual(planAmpRun({ result, selected: ['summary'], drafts, versions: new Map(), namespace: 'erc20', environment: 'prod', deploy: true }).steps[0].datasets, [], 'not on the server: inlined');
});

test('an ad-hoc query reads datasets through the ephemeral and ad-hoc models it inlines', () => {
  const { result } = compileFiles({
    'dbt_project.yml': "name: p\nmodels:\n  p:\n    +dependencies:\n      eth: '_/eth_firehose@1.0.0'\n",
    'models/logs.sql': 'select block_num, address from {{ ref(\'eth\') }}.logs',
    'models/recent.sql': "{{ config(materialized='ephemeral') }}\nselect * from {{ ref('logs') }} where block_num > 10",
    'models/by_address.sql': "{{ config(register=false) }}\nselect address, count(*) as n from {{ ref('recent') }} group by address",
    'models/top.sql': "{{ config(register=false) }}\nselect * from {{ ref('by_address') }} order by n desc limit 5",
  }, { target: ampTarget });
  const r = result!;
  const diagnostics = new Diagnostics();
  const drafts = compileForAmp(r, r.models.map((m) => m.name), diagnostics);
  const logs = `erc20/logs@${fingerprintVersion(r.byName.get('logs')!.fingerprint)}`;
  const versions = new Map([['logs', new Map([[fingerprintVersion(r.byName.get('logs')!.fingerprint), 'a'.repeat(64)]])]]);
  const top = planAmpRun({ result: r, selected: ['top'], drafts, versions, namespace: 'erc20', environment: 'prod', deploy: true }).steps[0];
  assert.deepEqual(top.datasets, [{ model: 'logs', dataset: logs, inRun: false }]);
  const query = top.sqlReading!(new Map([['logs', logs]]));
  assert.deepEqual(query.reads, [logs]);
  assert.equal(query.sql, [
    'WITH "recent" AS (', `select * from "${logs}".logs where block_num > 10`, '),',
    '"by_address" AS (', 'select address, count(*) as n from "recent" group by address', ')',
    'select * from "by_address" order by n desc limit 5',
  ].join('\n'));
  assert.doesNotMatch(query.sql, /_\/eth_firehose/, 'logs is not computed again');
});
