import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deployDecision } from '../../core/amp/run/deploy-decision.js';
import type { JobInfo } from '../../core/warehouse/amp/admin/job-types.js';

const job = (status: string, endBlock: string | null = null) => ({
  id: 7, status, node_id: 'worker', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
  descriptor: { dataset_namespace: 'erc20', dataset_name: 'stg_blocks', manifest_hash: 'abc', end_block: endBlock },
}) satisfies JobInfo;
const step = { model: 'stg_blocks', deploy: true, endBlock: 'latest' };

test('a version with a job keeps it: a running one is stopped before a resume with another end block, a finished one is only resumed', () => {
  assert.deepEqual(deployDecision(step, 'erc20/stg_blocks', job('RUNNING')).warnings,
    ['erc20/stg_blocks already has job 7, which keeps its end block (not latest): amp-dbt jobs stop 7, then amp-dbt jobs resume stg_blocks --end-block latest']);
  assert.deepEqual(deployDecision(step, 'erc20/stg_blocks', job('COMPLETED')).warnings,
    ['erc20/stg_blocks already has job 7, which keeps its end block (not latest): amp-dbt jobs resume stg_blocks --end-block latest']);
  assert.equal(deployDecision(step, 'erc20/stg_blocks', job('RUNNING')).deploy, false);
  assert.equal(deployDecision(step, 'erc20/stg_blocks', undefined).deploy, true);
});

test('a job that failed or was stopped is said: the dataset is not being built', () => {
  const noEnd = { ...step, endBlock: null };
  assert.deepEqual(deployDecision(noEnd, 'erc20/stg_blocks', job('STOPPED')).warnings,
    ['job 7 of erc20/stg_blocks was stopped: the dataset is not being built (amp-dbt jobs status 7; amp-dbt jobs resume stg_blocks)']);
  assert.match(deployDecision(noEnd, 'erc20/stg_blocks', job('FATAL')).warnings[0], /^job 7 of erc20\/stg_blocks is FATAL: /);
  assert.deepEqual(deployDecision(noEnd, 'erc20/stg_blocks', job('COMPLETED')).warnings, []);
});
