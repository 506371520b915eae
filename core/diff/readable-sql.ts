import { replacePlaceholders, type Placeholder } from '../compile/placeholders.js';
import type { ModelSql } from '../state/state-types.js';

const readable = (p: Placeholder): string => {
  if (p.attribute) return readableAttribute(p);
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

/** A part of a relation as a template reads it: `this.schema`, `ref('orders').identifier`. */
function readableAttribute(p: Placeholder): string {
  switch (p.kind) {
    case 'ref':
    case 'seed':
      return `ref('${p.name}').${p.attribute}`;
    case 'source':
      return `source('${p.source}', '${p.table}').${p.attribute}`;
    case 'dataset':
      return `"${p.reference}".${p.attribute}`;
    case 'this':
      return `this.${p.attribute}`;
  }
}

/**
 * Canonical SQL with its placeholders shown as people write them: `orders`, `eth.logs`, `"_/eth@1.0.0"`, `this`,
 * `this.schema`.
 */
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
