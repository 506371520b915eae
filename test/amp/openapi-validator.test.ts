import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  OpenApiViolationError, operationIdOf, validateExchange, validateRequest, validateResponse,
} from '../support/openapi-validator.js';

const HASH = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';
const job = { id: 7, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:01Z', node_id: 'worker-0', status: 'RUNNING', descriptor: { dataset: 'ns/erc20' } };

/** The violations of a check that must fail, or a failed assertion when it passes. */
function violationsOf(check: () => void): string[] {
  try {
    check();
  } catch (error) {
    assert.ok(error instanceof OpenApiViolationError, String(error));
    assert.equal(error.message.split('\n  - ').length - 1, error.violations.length, 'the message lists every violation');
    return error.violations;
  }
  assert.fail('expected a violation');
}

test('concrete paths match the templated paths of the spec, literal segments first', () => {
  assert.equal(operationIdOf('GET', '/jobs/12'), 'jobs_get');
  assert.equal(operationIdOf('delete', '/jobs/12'), 'jobs_delete');
  assert.equal(operationIdOf('GET', '/jobs/12/progress'), 'get_job_progress');
  assert.equal(operationIdOf('GET', '/jobs?limit=5'), 'jobs_list');
  assert.equal(operationIdOf('POST', '/datasets/my_ns/erc20/versions/1.0.0%2Bbuild/deploy'), 'deploy_dataset');
  assert.equal(operationIdOf('POST', '/revisions/deactivate'), 'deactivate_table_revision');
  assert.equal(operationIdOf('GET', '/revisions/42'), 'get_revision_by_location_id');
  assert.equal(operationIdOf('GET', '/jobs/12/unknown'), undefined);
});

test('unknown paths, methods and statuses are violations', () => {
  assert.deepEqual(violationsOf(() => validateRequest('GET', '/nope', undefined)), ["no path of the spec matches '/nope'"]);
  assert.deepEqual(violationsOf(() => validateRequest('PATCH', '/jobs/4', {})), ['PATCH is not an operation of /jobs/{id} (the spec has GET, DELETE)']);
  assert.deepEqual(violationsOf(() => validateResponse('GET', '/jobs/4', 418, {})),
    ['status 418 is not a response of jobs_get (the spec has 200, 400, 404, 500)']);
  assert.match(violationsOf(() => validateResponse('GET', '/jobs/4/nope', 200, {}))[0], /no path of the spec matches/);
});

test('request bodies: RegisterRequest, DeployRequest (end_block is a string or null), SchemaRequest', () => {
  validateRequest('POST', '/datasets', { namespace: 'ns', name: 'erc20', version: '1.0.0', manifest: HASH });
  validateRequest('POST', '/datasets', { namespace: 'ns', name: 'erc20', manifest: { kind: 'manifest', tables: {} } });
  validateRequest('POST', '/datasets/ns/erc20/versions/dev/deploy', { end_block: '-100', parallelism: 2 });
  validateRequest('POST', '/datasets/ns/erc20/versions/dev/deploy', { end_block: null, worker_id: null });
  validateRequest('POST', '/datasets/ns/erc20/versions/dev/deploy', {});
  validateRequest('POST', '/schema', { dependencies: { eth: 'edgeandnode/eth@1.0.0' }, tables: { t: 'SELECT 1' } });
  validateRequest('POST', '/manifests', { kind: 'manifest' });

  assert.deepEqual(violationsOf(() => validateRequest('POST', '/datasets/ns/erc20/versions/dev/deploy', { end_block: 1000 })),
    ['request body /end_block: must be string,null']);
  const register = violationsOf(() => validateRequest('POST', '/datasets', { name: 3, manifest: 'not-a-hash' }));
  assert.ok(register.includes("request body /: must have required property 'namespace'"), register.join('\n'));
  assert.ok(register.includes('request body /name: must be string'), register.join('\n'));
  assert.ok(register.includes('request body /manifest: must match exactly one schema in oneOf'), register.join('\n'));
  assert.deepEqual(violationsOf(() => validateRequest('POST', '/schema', { tables: { t: 1 } })), ['request body /tables/t: must be string']);
});

test('a missing required body and a body where none is declared are violations', () => {
  assert.deepEqual(violationsOf(() => validateRequest('POST', '/datasets', undefined)), ['the request body is required but none was sent']);
  assert.deepEqual(violationsOf(() => validateRequest('GET', '/jobs/3', { x: 1 })), ['jobs_get takes no request body, but one was sent']);
  validateResponse('PUT', '/jobs/3/stop', 200, undefined);
  validateResponse('DELETE', '/jobs/3', 204, undefined);
  assert.deepEqual(violationsOf(() => validateResponse('PUT', '/jobs/3/stop', 200, { ok: true })),
    ['response body: the spec declares no body, but one was returned']);
  assert.deepEqual(violationsOf(() => validateResponse('GET', '/jobs/3', 200, undefined)),
    ['response body: missing (the spec declares an application/json body)']);
});

test('path and query parameters follow their schemas; the pagination cursor is last_job_id', () => {
  validateRequest('GET', '/jobs?limit=2&last_job_id=7&status=all', undefined);
  validateRequest('GET', '/jobs?status=RUNNING%2CSCHEDULED', undefined);
  validateRequest('DELETE', '/jobs?status=Terminal', undefined);
  assert.deepEqual(violationsOf(() => validateRequest('GET', '/jobs?limit=x&cursor=7', undefined)),
    ["query parameter 'cursor' is not in the spec", "query parameter 'limit' must be integer"]);
  assert.deepEqual(violationsOf(() => validateRequest('GET', '/jobs?limit=-1', undefined)), ["query parameter 'limit' must be >= 0"]);
  assert.deepEqual(violationsOf(() => validateRequest('DELETE', '/jobs', undefined)), ["query parameter 'status' is required"]);
  assert.deepEqual(violationsOf(() => validateRequest('DELETE', '/jobs?status=Running', undefined)),
    ['query parameter \'status\' must be equal to one of the allowed values ("Terminal", "Completed", "Stopped", "Error")']);
  assert.deepEqual(violationsOf(() => validateRequest('PUT', '/jobs/abc/stop', undefined)), ["path parameter 'id' must be integer"]);
  assert.deepEqual(violationsOf(() => validateRequest('GET', '/jobs?limit=1&limit=2', undefined)), ["query parameter 'limit' is repeated"]);
});

test('response bodies: JobInfo, JobsResponse with and without next_cursor, ErrorResponse, nullable fields', () => {
  validateResponse('GET', '/jobs/7', 200, job);
  validateResponse('GET', '/jobs', 200, { jobs: [job], next_cursor: 7 });
  validateResponse('GET', '/jobs', 200, { jobs: [], next_cursor: null });
  validateResponse('GET', '/jobs', 200, { jobs: [] });
  validateResponse('GET', '/jobs/99', 404, { error_code: 'JOB_NOT_FOUND', error_message: 'job 99 not found' });
  validateResponse('GET', '/jobs/7/progress', 200, { job_id: 7, job_status: 'RUNNING', tables: { t: { files_count: 1, total_size_bytes: 10, start_block: null, current_block: null } } });
  validateResponse('GET', '/datasets', 200, { datasets: [{ namespace: 'ns', name: 'erc20', versions: [], latest_version: null }] });

  const bad = violationsOf(() => validateResponse('GET', '/jobs/7', 200, { ...job, id: '7', status: undefined }));
  assert.deepEqual(bad, ["response body /: must have required property 'status'", 'response body /id: must be integer']);
  assert.deepEqual(violationsOf(() => validateResponse('GET', '/jobs', 200, { jobs: [job], next_cursor: '8' })),
    ['response body /next_cursor: must be integer,null']);
  assert.deepEqual(violationsOf(() => validateResponse('GET', '/jobs/99', 404, { message: 'not found' })),
    ["response body /: must have required property 'error_code'", "response body /: must have required property 'error_message'"]);
  assert.deepEqual(violationsOf(() => validateResponse('GET', '/jobs/7/progress', 200, { job_id: 7, job_status: 'RUNNING', tables: { t: { files_count: 1.5, total_size_bytes: 1 } } })),
    ['response body /tables/t/files_count: must be integer']);
});

test('validateExchange checks both sides and names the operation', () => {
  validateExchange({ method: 'POST', path: '/manifests', status: 201, requestBody: { kind: 'manifest' }, responseBody: { hash: HASH } });
  assert.throws(() => validateExchange({ method: 'POST', path: '/manifests', status: 201, requestBody: { kind: 'manifest' }, responseBody: {} }),
    (error: Error) => error.message.startsWith('POST /manifests -> 201 (manifests_register) does not match the Amp Admin API spec:')
      && error.message.includes("- response body /: must have required property 'hash'"));
});
