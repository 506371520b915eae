import type { CompileResult } from '../../compile/compile-project.js';
import { CLOSE, OPEN } from '../../compile/placeholders.js';
import { parseDatasetRef } from '../amp-naming.js';

/** An external dataset table the project reads: `"ref".table` in ad-hoc SQL, and the source it is, if any. */
export interface ExternalTable {
  reference: string;
  table: string;
  /** `source.table` when it is declared as a source. */
  source: string | null;
}

const DATASET_TABLE = new RegExp(`${OPEN}dataset:([^${CLOSE}]+)${CLOSE}\\.("?)([A-Za-z_][\\w$]*)\\2`, 'g');

/**
 * Every external dataset table the project reads: source tables whose schema is a dataset reference, and
 * tables read from declared datasets (`{{ ref('eth') }}.logs`). Their highest `_block_num` is the chain head.
 */
export function externalTables(result: CompileResult): ExternalTable[] {
  const found = new Map<string, ExternalTable>();
  for (const [key, { source, table }] of result.sources) {
    if (!source.database && parseDatasetRef(source.schema)) found.set(`${source.schema}\u0000${table.identifier}`, { reference: source.schema, table: table.identifier, source: key });
  }
  for (const model of result.models) {
    for (const m of model.canonicalSql.matchAll(DATASET_TABLE)) {
      const key = `${m[1]}\u0000${m[3]}`;
      if (!found.has(key)) found.set(key, { reference: m[1], table: m[3], source: null });
    }
  }
  return [...found.values()].sort((a, b) => (`${a.reference}.${a.table}` < `${b.reference}.${b.table}` ? -1 : 1));
}
