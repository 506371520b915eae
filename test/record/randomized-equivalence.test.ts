import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initRepo } from '../git/git-test-repo.js';
import { compiledFiles, compileInProcess, freshCopy } from './in-process-compile.js';
import { randomEdits, repair } from './random-edits.js';
import { generateState, renderFiles } from './random-project.js';
import { Random } from './seeded-random.js';
import { memoryStore, ProjectRepo, recordHead, storedManifest } from './record-test-repo.js';

/**
 * Randomized (property-style) equivalence of incremental work with full work: from a generated project, random
 * edits are committed one by one (model bodies and comments, models and folders added, removed, renamed and
 * moved, macros, vars, folder configs, property files, sources, seeds (added, removed, their rows, columns and
 * column types edited, models starting or stopping to read them, a seed filling a source table), materializations, syntaxes, errors
 * introduced and fixed, --vars overrides), and for each commit:
 * - `state record` from the recorded ancestor stores exactly what a full recording stores (or the same errors);
 * - a compile of the working tree with the partial-compile cache gives the `--json` output and the compiled
 *   files of a full compile (AMP_DBT_NO_PARTIAL_COMPILE=1) in a fresh copy.
 * AMP_DBT_RANDOM_SEEDS=1-200 (or 3,7,9) runs other seeds, AMP_DBT_RANDOM_STEPS the number of commits of each, and
 * AMP_DBT_RANDOM_VERBOSE=1 prints each commit's edits and how it was recorded.
 */

const SEEDS = [1, 2];
const STEPS = 12;
const MODELS = 40;

function seedsFrom(text: string | undefined): number[] {
  if (!text) return SEEDS;
  return text.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

const VARS_OVERRIDES: (Record<string, unknown> | undefined)[] = [undefined, undefined, undefined, { rate: 5 }, { flag: false, region: 'ap' }];

/** A compile --json of the working tree (partial) and of a fresh copy (full): the same output and files. */
async function compareCompiles(dir: string, vars: Record<string, unknown> | undefined, json: boolean, context: string): Promise<void> {
  const varsArgs = vars ? ['--vars', JSON.stringify(vars)] : [];
  const copy = freshCopy(dir);
  const full = await compileInProcess(['--json', '--project-dir', copy, ...varsArgs], { AMP_DBT_NO_PARTIAL_COMPILE: '1' });
  const partial = await compileInProcess(['--project-dir', dir, ...varsArgs, ...(json ? ['--json'] : [])]);
  assert.equal(partial.code, full.code, `${context}: exit code\n${partial.stderr}\n${full.stderr}`);
  if (json) {
    const strip = (text: string) => JSON.parse(text.replaceAll(copy, dir)) as unknown;
    assert.deepEqual(strip(partial.stdout), strip(full.stdout), `${context}: compile --json`);
  }
  const warnings = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('warning:')).sort();
  assert.deepEqual(warnings(partial.stderr), warnings(full.stderr), `${context}: warnings`);
  if (full.code === 0) assert.deepEqual(compiledFiles(dir), compiledFiles(copy), `${context}: compiled files`);
}

async function runSequence(seed: number, steps: number): Promise<void> {
  const random = new Random(seed);
  const state = generateState(random, MODELS);
  const project = new ProjectRepo(initRepo({ '.gitignore': '.amp-dbt/\n' }), 'shop');
  const store = await memoryStore();
  let files: Record<string, string> = {};
  try {
    for (let step = 0; step < steps; step++) {
      const what = step === 0 ? ['generated'] : (repair(state), randomEdits(random, state));
      const next = renderFiles(state);
      const changes: Record<string, string | null> = {};
      for (const path of Object.keys(files)) if (!(path in next)) changes[path] = null;
      for (const [path, text] of Object.entries(next)) if (files[path] !== text) changes[path] = text;
      files = next;
      const context = `seed ${seed} step ${step} (${what.join('; ')})`;
      const sha = project.commit(context, changes);
      const vars = step === 0 ? undefined : random.pick(VARS_OVERRIDES);
      const incremental = await recordHead(store, project, { vars });
      const fresh = await memoryStore();
      try {
        const reference = await recordHead(fresh, project, { incremental: false, vars });
        assert.deepEqual(incremental.errors, reference.errors, `${context}: errors`);
        assert.deepEqual(await storedManifest(store, sha), await storedManifest(fresh, sha), `${context}: manifest (${incremental.compile?.mode} ${incremental.compile?.reason ?? ''})`);
      } finally {
        await fresh.close();
      }
      if (process.env.AMP_DBT_RANDOM_VERBOSE) {
        const { mode, reason, rendered } = incremental.compile ?? {};
        console.error(`${context}: ${mode} ${rendered} ${reason ?? ''} errors: ${incremental.errors.map((e) => `${e.code} ${e.file} ${e.message}`).join(', ')}`);
      }
      await compareCompiles(project.dir, vars, random.chance(0.5), context);
    }
  } finally {
    await store.close();
  }
}

const seeds = seedsFrom(process.env.AMP_DBT_RANDOM_SEEDS);
const steps = Number(process.env.AMP_DBT_RANDOM_STEPS ?? STEPS);
for (const seed of seeds) {
  test(`seed ${seed}: ${steps} random commits; incremental recording and partial compilation equal full work`, async () => {
    await runSequence(seed, steps);
  });
}
