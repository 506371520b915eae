import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadComparedSql } from '../core/diff/compared-sql.js';
import { diffManifests } from '../core/diff/diff-manifests.js';
import { Diagnostics } from '../core/errors.js';
import { recordCommit } from '../core/record/record-commit.js';
import { openStateStore } from '../core/state/open-state-store.js';
import { stateKey } from '../core/state/state-key.js';
import type { StateStore } from '../core/state/state-store.js';
import { readProfile } from '../cli/project-context.js';

/**
 * The state operations of the state benchmarks inside one process (what the GitHub App, a long-running
 * process, pays; the CLI adds Node's start-up and module loading): recording the commit that adds a column
 * to 10 models with its parent recorded, reading both manifests and diffing them, and the single queries
 * behind `env show` and `diff`. Usage: node dist/bench/state-operations.js PROJECT_DIR REPO_KEY. Prints JSON.
 */
const [projectDir, repository] = process.argv.slice(2);
const stateDb = join(projectDir, '.amp-dbt', 'state.db');
// The target the CLI compiles for (the project's profile), so the recording is the CLI's, under the CLI's key.
const { target } = await readProfile({ options: {}, positionals: [] }, projectDir, new Diagnostics());
const repo = stateKey(repository, target.name).key;

/** Runs `fn` once to warm up, then `times` more: the median of those, and the first run's time (cold code). */
async function timed(times: number, fn: () => Promise<unknown>, before?: () => Promise<void> | void): Promise<{ median: number; first: number }> {
  const samples: number[] = [];
  for (let i = 0; i <= times; i++) {
    await before?.();
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  const [first, ...warm] = samples;
  return { median: Number(warm.sort((a, b) => a - b)[Math.floor(warm.length / 2)].toFixed(2)), first: Number(first.toFixed(2)) };
}

const median = async (times: number, fn: () => Promise<unknown>) => (await timed(times, fn)).median;

async function withStore<T>(fn: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStateStore({ type: 'sqlite', path: stateDb });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

function usePrepared(name: string): void {
  for (const suffix of ['-wal', '-shm']) rmSync(stateDb + suffix, { force: true });
  copyFileSync(join(projectDir, '.amp-dbt', name), stateDb);
}

const record = await timed(5, () => withStore((store) => recordCommit({ store, repo, projectDir, ref: 'HEAD', target, env: {} })),
  () => usePrepared('prepared-columns.db'));
// Both commits are recorded now (the last run's database).
const operations = await withStore(async (store) => {
  const environment = await store.getEnvironment(repo, 'prod') ?? await store.createEnvironment(repo, 'prod', (await store.listManifests(repo))[0].commit, 'bench');
  const [head, base] = await store.listManifests(repo);
  const diff = await timed(5, async () => {
    const [b, h] = [await store.getManifest(repo, base.commit), await store.getManifest(repo, head.commit)];
    const sql = await loadComparedSql(store, repo, b!, h!);
    return JSON.stringify(diffManifests(b!, h!, { sql }));
  });
  const b = (await store.getManifest(repo, base.commit))!;
  const h = (await store.getManifest(repo, head.commit))!;
  const ids = h.models.filter((m, i) => m.definitionId !== b.models[i]?.definitionId).map((m) => m.definitionId);
  const queries = {
    getEnvironment: await median(30, () => store.getEnvironment(repo, 'prod')),
    environmentHistory: await median(30, () => store.environmentHistory(repo, environment.name)),
    listEnvironments: await median(30, () => store.listEnvironments(repo)),
    hasManifest: await median(30, () => store.hasManifest(repo, head.commit)),
    listManifests: await median(30, () => store.listManifests(repo, { limit: 20 })),
    [`getModelSql(${ids.length})`]: await median(30, () => store.getModelSql(repo, ids)),
    'getManifest(10k models)': await median(10, () => store.getManifest(repo, head.commit)),
  };
  return { diffMs: diff.median, diffFirstRunMs: diff.first, queriesMs: queries };
});
process.stdout.write(`${JSON.stringify({ recordMs: record.median, recordFirstRunMs: record.first, ...operations })}\n`);
