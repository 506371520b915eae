import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { repoRoot } from '../helpers.js';

const eslint = new ESLint({ cwd: repoRoot });

async function messages(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return result.messages.map((m) => m.message);
}

test('core/ may not read process.env, call process.exit or import GitHub libraries', async () => {
  const found = await messages(
    "import { Probot } from 'probot';\nimport * as core from '@actions/core';\nexport const a = process.env.HOME;\nexport function b() { process.exit(1); }\nexport { Probot, core };\n",
    'core/compile/bad-example.ts',
  );
  assert.equal(found.filter((m) => /GitHub libraries/.test(m)).length, 2, found.join('\n'));
  assert.ok(found.some((m) => /must not read process\.env/.test(m)), found.join('\n'));
  assert.ok(found.some((m) => /must not call process\.exit/.test(m)), found.join('\n'));
});

test('the shells may', async () => {
  const found = await messages('export const a = process.env.HOME;\nexport function b() { process.exit(1); }\n', 'cli/ok-example.ts');
  assert.deepEqual(found, []);
});
