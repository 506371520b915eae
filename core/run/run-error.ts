import { AmpDbtError } from '../errors.js';

/**
 * A run could not do what was asked: `relation-conflict` (an object amp-dbt did not create has a model's
 * name), `not-built` (an environment would show a model version no run has built), `view-has-dependents` (PostgreSQL
 * refuses to drop an environment's view that other views read).
 */
export class RunError extends AmpDbtError {}
