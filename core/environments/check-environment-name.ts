import { invalidEnvironmentNameError } from './environment-errors.js';

const validName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Environment names become schema and lock names: letters, digits, `.`, `_`, `-`; at most 63 characters. */
export function checkEnvironmentName(name: string): void {
  if (!validName.test(name)) throw invalidEnvironmentNameError(name);
}
