import type { ErrorLocation } from '../errors.js';
import { splitWithClause } from '../sql/split-with-clause.js';
import { positionAt } from '../util/text-position.js';
import { blankNonSql } from './blank-non-sql.js';

/**
 * Where a model file writes the CTE `name` of its leading WITH clause: found in the file's own SQL (Jinja
 * blanked out, so offsets are the file's), at the CTE's name. Only the file when its text is not known or
 * does not write that CTE (a macro does).
 */
export function locateCte(path: string, content: string | undefined, name: string): ErrorLocation {
  if (content !== undefined) {
    const cte = splitWithClause(blankNonSql(content))?.ctes.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (cte) return { file: path, ...positionAt(content, cte.start) };
  }
  return { file: path };
}
