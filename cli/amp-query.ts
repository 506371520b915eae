import type { AdhocQuery } from '../core/amp/run/apply-amp-run.js';
import type { Target } from '../core/project/project-types.js';
import type { AmpQueryClient } from '../core/warehouse/amp/amp-query-client.js';

/**
 * Ad-hoc queries for `run --target amp` over the target's query transport (Flight or JSON Lines), opened on
 * first use; rows are counted as they stream, never held. `close` releases the connection if it was opened.
 */
export function ampAdhocQuery(target: Target): { query: AdhocQuery; close: () => void } {
  let client: AmpQueryClient | undefined;
  return {
    async query(sql, signal) {
      if (!client) {
        const { openAmpQueryClient } = await import('../core/warehouse/amp/amp-query-client.js');
        client = openAmpQueryClient(target);
      }
      let rows = 0;
      for await (const batch of client.stream(sql, { signal })) rows += batch.rows.length;
      return rows;
    },
    close: () => client?.close(),
  };
}
