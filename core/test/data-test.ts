import type { RenderedModel } from '../compile/compiled-model.js';
import type { Location } from '../project/project-types.js';
import type { QueryValue } from '../warehouse/warehouse-adapter.js';

/**
 * One data test (dbt's "data test"): a query returning the rows that break an expectation. It passes
 * when the query returns no rows. Generic tests come from property files, singular tests from tests/*.sql.
 */
export interface DataTest {
  /** dbt's name (`not_null_fct_transfers_transfer_id`), unique in the project. */
  name: string;
  /** `not_null`, `unique`, `accepted_values`, `relationships`, another generic test's name, or `singular`. */
  kind: string;
  /** The model a generic test is attached to. */
  model?: string;
  /** The source table (`source.table`) a generic test is attached to. */
  source?: string;
  /** The seed a generic test is attached to (its table, loaded by `amp-dbt seed`). */
  seed?: string;
  column?: string;
  /** The column's `quote:` setting in its property file. */
  quoteColumn?: boolean;
  /** The test's arguments as written (column_name included), without its config. */
  args: Record<string, unknown>;
  /** `warn`: a failure is reported and does not fail the command. */
  severity: 'error' | 'warn';
  /** The severity was written where the test is used (it then wins over a `config()` in the test's definition). */
  severityWritten?: boolean;
  /** dbt's `warn_if` / `error_if` conditions on the number of failing rows (`> 10`); both default to `!= 0`. */
  warnIf?: string;
  errorIf?: string;
  /** dbt's `fail_calc`: how the failing rows are counted (default `count(*)`). */
  failCalc?: string;
  /** dbt's `limit`: at most this many failing rows are counted. */
  limit?: number;
  /** The test's own tags (its `tags` config): `tag:X` selects it, as in dbt. */
  tags?: string[];
  /** A filter (`where:` config) applied to the tested relation first. */
  where?: string;
  location: Location;
  /** Models whose selection runs the test (its model; a singular test's refs). */
  models: string[];
  /** Sources (`source.table`) it reads; a test reading no model runs when its source is selected. */
  sources: string[];
  /** A singular test's query, compiled as a model. */
  query?: RenderedModel;
}

export type TestStatus = 'pass' | 'fail' | 'warn' | 'error';

/** What running one test found. */
export interface TestOutcome {
  test: DataTest;
  status: TestStatus;
  /** Rows the query returned; null when it could not run. */
  failures: number | null;
  /** Up to five of those rows. */
  sample: Record<string, QueryValue>[];
  /** The query as run (empty when it could not be compiled). */
  sql: string;
  error?: { code: string; message: string; hint: string | null };
  ms: number;
}

/** How many failing rows are fetched to show. */
export const SAMPLE_ROWS = 5;
