import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobDataset } from '../../core/amp/jobs/job-dataset.js';
import { parseJobStatusFilter } from '../../core/amp/jobs/job-status-filter.js';
import { formatBytes, renderJobEvents, renderJobsTable } from '../../core/amp/jobs/render-jobs.js';
import type { MonitorSnapshot } from '../../core/amp/monitor/collect-monitor-snapshot.js';
import { renderMonitor } from '../../core/amp/monitor/render-monitor.js';
import type { JobInfo } from '../../core/warehouse/amp/admin/job-types.js';

const job: JobInfo = {
  id: 7, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:05Z', node_id: 'w1', status: 'RUNNING',
  descriptor: { kind: 'materialize-derived', dataset_namespace: 'erc20', dataset_name: 'stg_blocks', manifest_hash: 'ab'.repeat(32), end_block: null },
};

test('jobs list renders one row per job with its dataset and manifest', () => {
  assert.equal(renderJobsTable([job]), [
    'ID  STATUS   DATASET           MANIFEST      END BLOCK  UPDATED',
    '7   RUNNING  erc20/stg_blocks  abababababab  never      2026-01-01T00:00:05Z',
    '',
  ].join('\n'));
  assert.deepEqual(jobDataset(job), { namespace: 'erc20', name: 'stg_blocks', manifestHash: 'ab'.repeat(32), endBlock: null });
  assert.equal(jobDataset({ descriptor: 'opaque' }), null);
  assert.equal(renderJobEvents(7, [{ id: 2, created_at: 't2', node_id: 'w1', event_type: 'RUNNING' }, { id: 1, created_at: 't1', node_id: 'w1', event_type: 'SCHEDULED' }]),
    't1  SCHEDULED       w1\nt2  RUNNING         w1\n');
});

test('status filters: active, all, or upper-cased statuses', () => {
  assert.equal(parseJobStatusFilter('All'), 'all');
  assert.deepEqual(parseJobStatusFilter('running, error'), ['RUNNING', 'ERROR']);
  assert.throws(() => parseJobStatusFilter('done'), /'DONE' is not a job status/);
});

test('the monitor renders a row per job and table, cut to the terminal width when live', () => {
  const snapshot: MonitorSnapshot = {
    takenAt: '2026-01-01T00:00:06.000Z', counts: { RUNNING: 1 },
    jobs: [{ id: 7, status: 'RUNNING', dataset: 'erc20/stg_blocks', manifestHash: null, endBlock: null, updatedAt: 't', note: null,
      tables: [{ name: 'stg_blocks', startBlock: 1, currentBlock: 19000150, files: 3, bytes: 1536 }] }],
  };
  assert.equal(renderMonitor(snapshot, { title: 'amp-dbt monitor: amp' }), [
    'amp-dbt monitor: amp  2026-01-01T00:00:06.000Z  1 RUNNING',
    '',
    'JOB  STATUS   DATASET           TABLE       BLOCK     FILES  SIZE    END BLOCK',
    '7    RUNNING  erc20/stg_blocks  stg_blocks  19000150  3      1.5 KB  never',
    '',
  ].join('\n'));
  const live = renderMonitor(snapshot, { title: 'amp-dbt monitor: amp', width: 30, live: true, problem: 'connection refused' });
  assert.ok(live.split('\n').every((line) => line.length <= 30));
  assert.match(live, /^! connection refused/m);
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
});
