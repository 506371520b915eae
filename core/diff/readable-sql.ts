import { replacePlaceholders, type Placeholder } from '../compile/placeholders.js';
import type { ModelSql } from '../state/state-types.js';

const readable = (p: Placeholder): string => {
  switch (p.kind) {
    case 'ref':
      return p.name;
    case 'source':
      return `${p.source}.${p.table}`;
    case 'dataset':
      return `"${p.reference}"`;
    case 'seed':
      return p.name;
    case 'this':
      return 'this';
  }
};

/** Canonical SQL with its placeholders shown as people write them: `orders`, `eth.logs`, `"_/eth@1.0.0"`, `this`. */
export function readableSql(sql: string): string {
  return replacePlaceholders(sql, readable);
}

/**
 * The text a model's SQL diff compares: its readable SQL, then (incremental models whose incremental
 * variant differs) that variant under a marker line. Always ends with a newline.
 */
export function modelDiffText(model: ModelSql): string {
  let text = withNewline(readableSql(model.canonicalSql));
  if (model.incrementalSql !== null && model.incrementalSql !== model.canonicalSql) {
    text += `\n-- when is_incremental():\n${withNewline(readableSql(model.incrementalSql))}`;
  }
  return text;
}

function withNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
