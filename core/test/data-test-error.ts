import { AmpDbtError } from '../errors.js';

/**
 * A data test that cannot run: `invalid-test` (arguments it needs are missing or unreadable),
 * `unsupported-test` (a custom generic test), `missing-relation` (what it reads is not built in the
 * environment), `sql-error` (the warehouse rejected its query).
 */
export class DataTestError extends AmpDbtError {}
