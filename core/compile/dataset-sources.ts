import type { SourceDefinition } from '../project/project-types.js';
import { CLOSE, OPEN } from './placeholders.js';

/**
 * The declared sources a model reads through an Amp dataset rather than `source()`: a source whose schema
 * is the dataset reference (`"_/eth_firehose@1.0.0"`) names the same tables `{{ ref('eth') }}.logs` and
 * `:eth.logs` read, so `source:eth_firehose.logs` selects those models too. `source.table` keys, sorted.
 */
export function datasetSources(canonicalSql: string, sources: readonly SourceDefinition[]): string[] {
  if (!canonicalSql.includes(`${OPEN}dataset:`)) return [];
  const found = new Set<string>();
  const pattern = new RegExp(`${OPEN}dataset:([^${CLOSE}]+)${CLOSE}\\s*\\.\\s*"?([A-Za-z_][\\w$]*)"?`, 'g');
  for (const [, reference, table] of canonicalSql.matchAll(pattern)) {
    for (const source of sources) {
      if (source.schema !== reference) continue;
      const declared = source.tables.find((t) => t.identifier === table || t.name === table);
      if (declared) found.add(`${source.name}.${declared.name}`);
    }
  }
  return [...found].sort();
}
