import type { CompileResult } from '../../compile/compile-project.js';
import { renderTargetSql } from '../../compile/target-sql.js';
import type { JobInfo } from '../../warehouse/amp/admin/job-types.js';
import { isRegistered } from '../amp-naming.js';

/**
 * A registered model a run's ad-hoc query may read from its dataset instead of inlining it: one the run
 * reuses (`inRun`), or one left out by --select whose fingerprint's version the server has. A model the
 * run registers is never one: its job, if any, has only just started, so its table holds little or nothing.
 */
export interface AdhocDataset {
  model: string;
  /** `<namespace>/<model>@0.0.0-fp<12 hex>`: the model's fingerprint version, as a child's manifest names it. */
  dataset: string;
  inRun: boolean;
}

/** An ad-hoc model's query, and the datasets it reads instead of inlining their models. */
export interface AdhocQuerySql {
  sql: string;
  reads: string[];
}

/** The registered models among a model's ancestors: those its ad-hoc query could read as datasets. */
export function registeredAncestors(result: CompileResult, name: string): string[] {
  return result.graph.ancestors(name).filter((a) => {
    const model = result.byName.get(a);
    return model !== undefined && isRegistered(model);
  });
}

/** The registered ancestors of the selected ad-hoc models: whose versions a run reads from the server too. */
export function adhocAncestorNames(result: CompileResult, selected: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const name of selected) {
    const model = result.byName.get(name);
    if (model && model.materialized !== 'ephemeral' && !isRegistered(model)) for (const a of registeredAncestors(result, name)) names.add(a);
  }
  return names;
}

/**
 * Whether a dataset version's newest job means its table holds the model's data: RUNNING (Amp keeps it up
 * to date) or COMPLETED (built up to its end block). With no job, or one that failed or stopped, the table
 * is empty or stale, and the query computes the model itself (inlines it) as it always did.
 */
export function jobServesData(newest: Pick<JobInfo, 'status'> | undefined): boolean {
  return newest?.status === 'RUNNING' || newest?.status === 'COMPLETED';
}

/**
 * An ad-hoc model's query reading the models of `datasets` (model -> `namespace/name@version`) from their
 * datasets, quoted as external datasets are (`"erc20/fct_transfers@0.0.0-fp7eca54bf1b0e".fct_transfers`),
 * and inlining the rest as CTEs. Only the datasets it reaches count (a model behind a dataset read is not
 * read at all): `reads` lists those, sorted.
 */
export function adhocSql(result: CompileResult, name: string, datasets: ReadonlyMap<string, string>): AdhocQuerySql {
  if (datasets.size === 0) return { sql: result.targetSql(name), reads: [] };
  const reads = new Set<string>();
  const datasetOf = (model: { name: string }) => {
    const dataset = datasets.get(model.name);
    if (dataset !== undefined) reads.add(dataset);
    return dataset;
  };
  const sql = renderTargetSql(result.byName.get(name)!, { ...result.sqlContext, refCache: new Map(), datasetOf });
  return { sql, reads: [...reads].sort() };
}
