import { AmpDbtError } from '../errors.js';

/**
 * A run could not do what was asked: `relation-conflict` (an object amp-dbt did not create has a model's
 * name), `not-built` (an environment would show a model version no run has built).
 */
export class RunError extends AmpDbtError {}
