import { AmpDbtError } from '../errors.js';

/**
 * A warehouse failed or refused something: connecting, a statement (the warehouse's message is kept),
 * an unsupported target. Codes: `connect-failed`, `sql-error`, `unsupported-target`, `unsupported-type`.
 */
export class AdapterError extends AmpDbtError {}
