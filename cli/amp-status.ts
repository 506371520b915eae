import type { CompileResult } from '../core/compile/compile-project.js';
import type { FreshnessReport } from '../core/freshness/freshness-types.js';

/** `status --target amp`: freshness from Amp job progress and MAX(_block_num) (core/amp/freshness). */
export async function ampStatusReport(
  result: CompileResult, environment: string, models: readonly string[], sources: readonly string[], recorded?: ReadonlyMap<string, string>,
): Promise<FreshnessReport> {
  const { ampFreshness, maxBlockQuery } = await import('../core/amp/freshness/amp-freshness.js');
  const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
  const { openAmpQueryClient } = await import('../core/warehouse/amp/amp-query-client.js');
  const client = openAmpQueryClient(result.target);
  try {
    const maxBlock = maxBlockQuery(async (sql) => (await client.queryRows(sql)).rows);
    return await ampFreshness({ result, admin: adminClientForTarget(result.target), maxBlock, environment, models, sources, now: new Date(), recorded });
  } finally {
    client.close();
  }
}
