import { AmpDbtError } from '../errors.js';

/**
 * A seed that cannot be loaded: `seed-parse-error` (DuckDB cannot read the file; file:line when it says),
 * `missing-column` (a declared column is not in the file), `invalid-binary` (a binary column holds
 * something other than 0x-prefixed hex), `duplicate-seed` (two files load into one relation),
 * `seed-load-failed` (the warehouse refused the new table).
 */
export class SeedError extends AmpDbtError {}
