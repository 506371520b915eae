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
