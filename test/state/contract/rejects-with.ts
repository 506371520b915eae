import assert from 'node:assert/strict';

/** Asserts a promise rejects with a StateError of `code` whose message matches every pattern. */
export async function rejectsWith(promise: Promise<unknown>, code: string, ...patterns: RegExp[]): Promise<Error> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof Error, `expected a rejection with code ${code}`);
  assert.equal((error as Error & { code?: string }).code, code, error.message);
  assert.equal(error.name, 'StateError');
  for (const pattern of patterns) assert.match(error.message, pattern);
  return error;
}
