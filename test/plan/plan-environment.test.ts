import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { refPlaceholder as ref } from '../../core/compile/placeholders.js';
import { collectBuiltFingerprints } from '../../core/plan/collect-built-fingerprints.js';
import { planEnvironment } from '../../core/plan/plan-environment.js';
import { builtKey } from '../../core/plan/plan-types.js';
import { renderPlanText } from '../../core/plan/render-plan-text.js';
import { openStateStore } from '../../core/state/open-state-store.js';
import { tempDir } from '../helpers.js';
import { manifest, manifestModel } from '../diff/synthetic-manifest.js';

const fp = (c: string) => c.repeat(64);
const prod = manifest('1'.repeat(40), [
  manifestModel('stg_orders', 'select 1 as id', { fingerprint: fp('a') }),
  manifestModel('orders', `select * from ${ref('stg_orders')}`, { refs: ['stg_orders'], fingerprint: fp('b') }),
  manifestModel('legacy', `select * from ${ref('stg_orders')}`, { refs: ['stg_orders'], fingerprint: fp('c') }),
]);
const next = manifest('2'.repeat(40), [
  manifestModel('stg_orders', '-- a comment\nselect 1 as id', { fingerprint: fp('a') }),
  manifestModel('orders', `select id from ${ref('stg_orders')}`, { refs: ['stg_orders'], fingerprint: fp('d') }),
  manifestModel('totals', `select count(*) from ${ref('orders')}`, { refs: ['orders'], fingerprint: fp('e') }),
  manifestModel('customers', `select 1 as id`, { fingerprint: fp('a') }),
  manifestModel('helper', 'select 2 as x', { fingerprint: fp('f'), materialized: 'ephemeral', config: { materialized: 'ephemeral' } }),
]);
const builtElsewhere = new Map([[builtKey('totals', fp('e')), ['pr-7']], [builtKey('stg_orders', fp('a')), ['prod']]]);

test('build what is built nowhere, reuse the rest, drop what is gone', () => {
  const plan = planEnvironment(next, prod, builtElsewhere, 'prod');
  assert.deepEqual(plan.build.map((m) => `${m.name} ${m.change} [${m.reasons.join()}] ${m.physical}`), [
    'customers added [] amp_dbt_physical.customers__aaaaaaaaaaaa',
    `orders modified [body] amp_dbt_physical.orders__dddddddddddd`,
  ]);
  assert.deepEqual(plan.reuse.map((m) => `${m.name} ${m.change} ${m.builtIn.join('+')}`), ['stg_orders formatting-only prod', 'totals added pr-7']);
  assert.deepEqual(plan.drop, [{ name: 'legacy', path: 'models/legacy.sql', fingerprint: fp('c'), physical: 'amp_dbt_physical.legacy__cccccccccccc' }]);
  assert.deepEqual(plan.ephemeral, ['helper']);
  assert.deepEqual(plan.summary, { build: 2, reuse: 2, unchanged: 1, drop: 1 });
});

test('a new environment: nothing to drop; versions built in other environments are reused', () => {
  const plan = planEnvironment(next, null, builtElsewhere, 'pr-8');
  assert.deepEqual(plan.build.map((m) => m.name), ['customers', 'orders']);
  assert.deepEqual(plan.reuse.map((m) => `${m.name}:${m.builtIn}`), ['stg_orders:prod', 'totals:pr-7']);
  assert.deepEqual(plan.drop, []);
  assert.equal(plan.summary.unchanged, 0);
});

test('moving an environment to the commit it is at builds nothing', () => {
  const plan = planEnvironment(prod, prod, new Map(), 'prod');
  assert.deepEqual([plan.build.length, plan.reuse.length, plan.drop.length, plan.summary.unchanged], [0, 3, 0, 3]);
  assert.match(renderPlanText(plan, { environment: 'prod', from: prod.commit, to: prod.commit, ref: 'prod' }), /nothing to do/);
});

test('text rendering', () => {
  const plan = planEnvironment(next, prod, builtElsewhere, 'prod');
  assert.equal(renderPlanText(plan, { environment: 'prod', from: prod.commit, to: next.commit, ref: 'HEAD' }), `plan for environment 'prod': 111111111111 -> 222222222222 (HEAD)
  build 2, reuse 2 (1 already in 'prod'), drop 1
build (2):
  + customers   added  -> amp_dbt_physical.customers__aaaaaaaaaaaa
  + orders      modified: body  -> amp_dbt_physical.orders__dddddddddddd
reuse from other environments (1):
  = totals      added  built in pr-7
drop (1):
  - legacy
ephemeral (inlined, never built): 1 model
`);
  // A new environment: every model is 'added' to it, which the text does not repeat.
  const fresh = planEnvironment(next, null, builtElsewhere, 'pr-9');
  assert.match(renderPlanText(fresh, { environment: 'pr-9', from: null, to: next.commit, ref: 'HEAD' }), /^ {2}= totals {6}built in pr-7$/m);
});

test('built versions are the ones in the manifests environments point at (SQLite state)', async () => {
  const store = await openStateStore({ type: 'sqlite', path: join(tempDir(), 'state.db') });
  try {
    await store.saveManifest('r', prod);
    await store.saveManifest('r', next);
    await store.createEnvironment('r', 'prod', prod.commit, 't');
    await store.createEnvironment('r', 'staging', prod.commit, 't');
    await store.createEnvironment('r', 'ghost', '9'.repeat(40), 't');
    const { built, unrecorded } = await collectBuiltFingerprints(store, 'r');
    assert.deepEqual(built.get(builtKey('orders', fp('b'))), ['prod', 'staging']);
    assert.equal(built.get(builtKey('orders', fp('d'))), undefined, 'recorded (compiled) is not built');
    assert.deepEqual(unrecorded, ['ghost']);
  } finally {
    await store.close();
  }
});
