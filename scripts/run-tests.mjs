// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner. A compiled file
// whose test/**/*.test.ts is gone (renamed or deleted; tsc leaves its output behind) is not run.
// Usage: node scripts/run-tests.mjs [filter...]   (a filter: a substring of the test file's path under dist/test,
// e.g. `state/` or `jinja`; files matching any run. Only that relative path is matched, so a clone whose own path
// holds the word does not match every file.)
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);
const filter = filters.join(' ');
const files = [];
const sourceOf = (compiled) => join(root, compiled.slice(join(root, 'dist').length + 1).replace(/\.js$/, '.ts'));
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.test.js') && (filters.length === 0 || filters.some((f) => relative(join(root, 'dist', 'test'), path).includes(f))) && existsSync(sourceOf(path))) files.push(path);
  }
};
walk(join(root, 'dist', 'test'));
files.sort();
if (files.length === 0) {
  console.error(`no test files found under dist/test${filter ? ` matching '${filter}'` : ''}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--test", "--test-timeout=300000", ...files], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
