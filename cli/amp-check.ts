import type { CompileResult } from '../core/compile/compile-project.js';
import type { Diagnostics } from '../core/errors.js';

/**
 * `compile --target amp --check`: every selected model validated by the Amp server (POST /schema for
 * registered models, a zero-row query for ad-hoc ones), with the same outcome, warnings and summary shape
 * as the DuckDB type check.
 */
export async function ampCheck(result: CompileResult, selected: string[], diagnostics: Diagnostics) {
  const { checkAmpModels } = await import('../core/amp/check/check-amp-models.js');
  const { checkWarnings } = await import('../core/check/describe-check.js');
  const { adminClientForTarget } = await import('../core/warehouse/amp/admin/admin-client-for-target.js');
  const { openAmpQueryClient } = await import('../core/warehouse/amp/amp-query-client.js');
  let client: ReturnType<typeof openAmpQueryClient> | undefined;
  const probe = async (sql: string) => { await (client ??= openAmpQueryClient(result.target)).queryRows(sql); };
  try {
    const outcome = await checkAmpModels({ result, selected, admin: adminClientForTarget(result.target), probe, diagnostics });
    const parts = [`${outcome.passed.length} passed`, `${outcome.failed.length} failed`];
    if (outcome.skipped.length) parts.push(`${outcome.skipped.length} skipped`);
    if (outcome.notChecked.length) parts.push(`${outcome.notChecked.length} not checked`);
    return { ...outcome, warnings: checkWarnings(outcome), summary: `amp check (POST /schema): ${parts.join(', ')}` };
  } finally {
    client?.close();
  }
}
