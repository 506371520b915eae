import type { Diagnostics } from '../errors.js';
import { writtenPosition } from './generic-test-blocks.js';
import type { MacroFile } from './project-types.js';

const DEFINITION = /\{%-?\s*macro\s+generate_database_name\b/;

/**
 * dbt names a node's database with the project's generate_database_name; amp-dbt builds every relation in the
 * target's one database, so such a macro is never called: said once, where the (first) macro is defined.
 */
export function warnAboutDatabaseNames(macros: readonly MacroFile[], diagnostics: Diagnostics): void {
  for (const file of macros) {
    const found = file.content.includes('generate_database_name') ? DEFINITION.exec(file.content) : null;
    if (!found) continue;
    diagnostics.warn('not-supported', "the project's generate_database_name is not called: amp-dbt builds every model and seed in the target's database",
      { file: file.path, ...writtenPosition(file, found.index) },
      "choose the database with the target in profiles.yml: its dbname on PostgreSQL, its path on DuckDB");
    return;
  }
}
