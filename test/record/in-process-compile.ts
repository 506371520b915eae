import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { command } from '../../cli/commands/compile.js';
import { tempDir } from '../helpers.js';

/**
 * `amp-dbt compile ARGS` run inside this process (much faster than spawning the CLI, for tests that compile
 * many times): `env` is set in process.env while it runs, stdout and stderr are captured.
 */
export async function compileInProcess(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const [out, err] = [process.stdout.write, process.stderr.write];
  let stdout = '';
  let stderr = '';
  Object.assign(process.env, env);
  process.stdout.write = ((chunk: string) => { stdout += chunk; return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => { stderr += chunk; return true; }) as typeof process.stderr.write;
  try {
    const code = await command.run(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Every compiled SQL file under `.amp-dbt/compiled/` (not the index or the cache), by path. */
export function compiledFiles(dir: string): Map<string, string> {
  const root = join(dir, '.amp-dbt', 'compiled');
  const out = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!name.startsWith('.')) out.set(relative(root, path), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A copy of the project folder without `.amp-dbt/` (no earlier output, no cache). */
export function freshCopy(dir: string): string {
  const copy = tempDir();
  cpSync(dir, copy, { recursive: true, filter: (src) => !src.includes('.amp-dbt') && !src.endsWith('.git') });
  return copy;
}
