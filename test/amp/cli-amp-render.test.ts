import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobDataset } from '../../core/amp/jobs/job-dataset.js';
import { jobErrorText } from '../../core/amp/jobs/job-error-text.js';
import { parseJobStatusFilter } from '../../core/amp/jobs/job-status-filter.js';
import { formatBytes, renderJobEvents, renderJobStatus, renderJobsTable } from '../../core/amp/jobs/render-jobs.js';
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
    takenAt: '2026-01-01T00:00:06.000Z', namespace: 'erc20', otherNamespaces: 0, counts: { RUNNING: 1 },
    jobs: [{ id: 7, status: 'RUNNING', dataset: 'erc20/stg_blocks', manifestHash: null, endBlock: null, updatedAt: 't', note: null, detail: null,
      tables: [{ name: 'stg_blocks', startBlock: 1, currentBlock: 19000150, files: 3, bytes: 1536 }] }],
  };
  assert.equal(renderMonitor(snapshot, { title: 'amp-dbt monitor: amp' }), [
    'amp-dbt monitor: amp  namespace erc20  2026-01-01T00:00:06.000Z  1 RUNNING',
    '',
    'JOB  STATUS   DATASET           TABLE       BLOCK     FILES  SIZE    END BLOCK',
    '7    RUNNING  erc20/stg_blocks  stg_blocks  19000150  3      1.5 KB  never',
    '',
  ].join('\n'));
  const live = renderMonitor(snapshot, { title: 'amp-dbt monitor: amp', width: 30, live: true, problem: 'connection refused' });
  assert.ok(live.split('\n').every((line) => line.length <= 30));
  assert.match(live, /^! connection refused/m);
  assert.equal(formatBytes(5 * 1024 * 1024), '5.0 MB');
  // The jobs of other namespaces left out are counted under the table; with --all (namespace null) there are none.
  const others = renderMonitor({ ...snapshot, otherNamespaces: 2 }, { title: 'm' });
  assert.match(others, /\n7 .*never\n2 jobs of other namespaces not shown \(--all shows them\)\n$/);
  assert.equal(renderMonitor({ ...snapshot, namespace: 'erc20', jobs: [], counts: {}, otherNamespaces: 1 }, { title: 'm' }).split('\n').slice(2).join('\n'),
    'no jobs in namespace erc20\n1 job of other namespaces not shown (--all shows them)\n');
  assert.match(renderMonitor({ ...snapshot, namespace: null }, { title: 'm' }), /^m {2}every namespace {2}2026/);
});

const failure = { error_code: 'JOB_EXECUTION_ERROR', error_message: "table 'boom': Conversion Error: Could not convert string 'x1' to INT32\n\nLINE 1: select cast('x1' as integer)\n               ^" };

test("a failed job's error detail reads as text: CODE: message, its lines indented, never escaped JSON", () => {
  assert.equal(jobErrorText(failure), `JOB_EXECUTION_ERROR: ${failure.error_message}`);
  assert.equal(jobErrorText('worker lost\n'), 'worker lost');
  assert.equal(jobErrorText({ message: 'out of disk' }), 'out of disk');
  assert.equal(jobErrorText({ code: 'E1', error: { error_message: 'nested' } }), 'E1: nested');
  assert.equal(jobErrorText({ table: 'blocks', block: 19000001 }), 'table: blocks; block: 19000001');
  assert.equal(jobErrorText(null), null);
  const events = renderJobEvents(7, [
    { id: 1, created_at: 't1', node_id: 'w1', event_type: 'SCHEDULED' },
    { id: 3, created_at: 't3', node_id: 'w1', event_type: 'ERROR', detail: failure },
  ]);
  assert.equal(events, [
    't1  SCHEDULED       w1',
    't3  ERROR           w1',
    "    JOB_EXECUTION_ERROR: table 'boom': Conversion Error: Could not convert string 'x1' to INT32",
    '',
    "    LINE 1: select cast('x1' as integer)",
    '                   ^',
    '',
  ].join('\n'));
  const status = renderJobStatus({ ...job, status: 'ERROR' }, { job_id: 7, job_status: 'ERROR', tables: {}, detail: failure });
  assert.match(status, /\nfailed: JOB_EXECUTION_ERROR: table 'boom': Conversion Error: Could not convert string 'x1' to INT32\n\n {2}LINE 1: select/);
  assert.doesNotMatch(events + status, /\\n|\{"error_code"/, 'no escaped JSON');
});

test("the monitor shows a failed job's error on one line, naming the command that shows the rest", () => {
  const snapshot: MonitorSnapshot = {
    takenAt: 'now', namespace: 'erc20', otherNamespaces: 0, counts: { ERROR: 1 },
    jobs: [{ id: 9, status: 'ERROR', dataset: 'erc20/boom', manifestHash: null, endBlock: null, updatedAt: 't', note: jobErrorText(failure), detail: failure, tables: [] }],
  };
  const text = renderMonitor(snapshot, { title: 'm' });
  assert.match(text, /\njob 9: JOB_EXECUTION_ERROR: table 'boom': Conversion Error: Could not convert string 'x1' to INT32 \(the rest: amp-dbt jobs logs 9\)\n$/);
});
