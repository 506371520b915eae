import type { CompileResult } from '../../compile/compile-project.js';
import { quoteIdentifier } from '../../compile/target-sql.js';
import { evaluateFreshness, freshnessAge } from '../../freshness/evaluate-freshness.js';
import { modelThresholds, sourceThresholds, type Thresholds } from '../../freshness/freshness-thresholds.js';
import type { FreshnessReport, FreshnessRow } from '../../freshness/freshness-types.js';
import type { AdminClient } from '../../warehouse/amp/admin/admin-client.js';
import { ampNamespace, environmentVersion, fingerprintVersion, isRegistered } from '../amp-naming.js';
import { readDatasetVersions, readRevisionJobs } from '../run/read-dataset-versions.js';
import { externalTables } from './external-tables.js';

/** The highest `_block_num` of `"reference".table`; null when it has no rows. Throws when it cannot be read. */
export type MaxBlock = (reference: string, table: string) => Promise<number | null>;

export interface AmpFreshnessInput {
  result: CompileResult;
  admin: AdminClient;
  maxBlock: MaxBlock;
  environment: string;
  /** Models to report (topological order). */
  models: readonly string[];
  /** Source tables to report (`source.table`). */
  sources: readonly string[];
  now: Date;
  /**
   * The fingerprints of the environment's commit (its recorded manifest), by model: what an environment the
   * server has no tag of serves. Without it, the compiled project's (the working tree's) are taken.
   */
  recorded?: ReadonlyMap<string, string>;
}

interface Measured {
  name: string; kind: 'model' | 'source'; relation: string; latestBlock: number | null; problem: string | null; note: string | null; thresholds: Thresholds;
  /** The newest job building it failed (ERROR or FATAL): it is an error whatever its age, as it no longer advances. */
  failedJob?: string;
  /** Why there is nothing to measure (an ad-hoc model): not-tracked, whatever the thresholds. */
  untracked?: string;
}

/** `SELECT max(_block_num)` over a dataset table, as the MaxBlock of a query function. */
export function maxBlockQuery(query: (sql: string) => Promise<Record<string, unknown>[]>): MaxBlock {
  return async (reference, table) => {
    const [row] = await query(`SELECT max(_block_num) AS head FROM ${quoteIdentifier(reference)}.${quoteIdentifier(table)}`);
    const head = row?.head;
    return head === null || head === undefined ? null : Number(head);
  };
}

const problemOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A registered model's latest block: the highest block its table reached in the progress of its newest
 * jobs (a stopped job may report less than an earlier one finished), else MAX(_block_num) of the table.
 */
async function measureModel(input: AmpFreshnessInput, name: string): Promise<Measured> {
  const model = input.result.byName.get(name)!;
  const thresholds = modelThresholds(model.config, input.result.project.monitoring);
  const base: Omit<Measured, 'relation'> = { name, kind: 'model', latestBlock: null, problem: null, note: null, thresholds };
  if (!isRegistered(model)) return { ...base, relation: '-', untracked: 'ad-hoc query (register: false): Amp stores nothing for it, so it has no job or block to measure' };
  const namespace = ampNamespace(input.result.target);
  const versions = await readDatasetVersions(input.admin, namespace, name);
  const tagged = environmentVersion(input.environment);
  const recorded = input.recorded ? input.recorded.get(name) : model.fingerprint;
  if (!(tagged && versions.has(tagged)) && recorded === undefined) {
    return { ...base, relation: '-', problem: `not in environment '${input.environment}': its commit has no model '${name}' (run it into the environment first)` };
  }
  const revision = tagged && versions.has(tagged) ? tagged : fingerprintVersion(recorded!);
  const relation = `${namespace}/${name}@${revision}`;
  if (!versions.has(revision)) return { ...base, relation, problem: `${relation} is not registered (amp-dbt run --target ${input.result.target.name})` };
  const jobs = (await readRevisionJobs(input.admin, namespace, name, revision)).slice(0, 5);
  const note = jobs.length ? `job ${jobs[0].id} ${jobs[0].status}` : 'no job';
  if (jobs[0] && (jobs[0].status === 'ERROR' || jobs[0].status === 'FATAL')) {
    base.failedJob = `${relation} is not being built: ${note} (amp-dbt jobs status ${jobs[0].id}; amp-dbt jobs resume ${name})`;
  }
  const progress = await Promise.all(jobs.map((job) => input.admin.getJobProgress(job.id).then((p) => p.tables[name]?.current_block ?? null, () => null)));
  const current = progress.reduce<number | null>((max, block) => (block !== null && (max === null || block > max) ? block : max), null);
  if (current !== null) return { ...base, relation, latestBlock: current, note };
  try {
    const latest = await input.maxBlock(relation, name);
    return { ...base, relation, latestBlock: latest, note, problem: latest === null ? `${relation} has no rows yet (${note})` : null };
  } catch (error) {
    return { ...base, relation, note, problem: `${note}; MAX(_block_num) failed: ${problemOf(error)}` };
  }
}

/**
 * Freshness of an environment on Amp (`status --target amp`): each registered model's latest block (job
 * progress, else MAX(_block_num) of its table, at the environment's tag when the server has one, else at
 * the fingerprint the environment's commit recorded, `recorded`) and each source table's, aged in blocks behind the chain head (the
 * highest `_block_num` of the external tables the project reads), against the usual thresholds. Ad-hoc
 * models are not-tracked: a query leaves nothing on Amp to measure.
 */
export async function ampFreshness(input: AmpFreshnessInput): Promise<FreshnessReport> {
  const { result, now } = input;
  const tables = externalTables(result);
  const heads = await Promise.all(tables.map((t) => input.maxBlock(t.reference, t.table).then((head) => ({ head, problem: null }), (e: unknown) => ({ head: null, problem: problemOf(e) }))));
  const chainHead = heads.reduce<number | null>((max, h) => (h.head !== null && (max === null || h.head > max) ? h.head : max), null);
  const measured: Measured[] = [];
  for (const name of input.models) if (result.byName.get(name)?.materialized !== 'ephemeral') measured.push(await measureModel(input, name));
  for (const key of input.sources) {
    const i = tables.findIndex((t) => t.source === key);
    const found = result.sources.get(key);
    if (i < 0 || !found) continue;
    const { head, problem } = heads[i];
    measured.push({ name: key, kind: 'source', relation: `${tables[i].reference}.${tables[i].table}`, latestBlock: head, problem, note: null, thresholds: sourceThresholds(found.table, result.project.monitoring) });
  }
  return { environment: input.environment, chainHead, checkedAt: now.toISOString(), rows: measured.map((m) => row(m, chainHead, now)) };
}

function row(m: Measured, chainHead: number | null, now: Date): FreshnessRow {
  const latest = { latestBlock: m.latestBlock, latestTimestamp: null, chainHead, noBlockReason: m.problem ?? 'no block', noTimeReason: 'Amp reports progress in blocks: a time threshold needs a timestamp' };
  const age = freshnessAge(latest, now);
  const base = { name: m.name, kind: m.kind, relation: m.relation, trackColumn: '_block_num', trackKind: 'block' as const, latestBlock: m.latestBlock, latestTimestamp: null, age, thresholds: m.thresholds.config };
  if (m.untracked) return { ...base, thresholds: null, status: 'not-tracked', reason: m.untracked };
  if (m.failedJob) return { ...base, status: 'error', reason: m.failedJob };
  if (!m.thresholds.config) return { ...base, status: 'unknown', reason: m.thresholds.reason };
  if (m.problem) return { ...base, status: 'unknown', reason: m.problem };
  const verdict = evaluateFreshness(m.thresholds.config, latest, age);
  return { ...base, ...verdict, reason: verdict.reason ?? m.note };
}
