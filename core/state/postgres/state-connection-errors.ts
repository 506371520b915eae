import { isConnectionError } from '../../util/postgres-connection-error.js';
import { StateError } from '../state-error.js';
import type { StateStore } from '../state-store.js';

/** A driver error of a state database connection that broke or could not be made again, as `state-connection-lost`. */
export function stateConnectionLostError(location: string, error: unknown): StateError {
  const reason = error instanceof Error ? error.message : String(error);
  return new StateError('state-connection-lost', `the PostgreSQL state database at ${location} stopped answering: ${reason}`, {
    hint: 'the server stopped or restarted, or the network dropped the connection: run the command again once it answers '
      + '(a lock the command held is freed when its lease expires; the next run of its environment records an unfinished run as abandoned)',
    cause: error,
  });
}

/**
 * `store` whose calls reject with `state-connection-lost` where the driver's error says the connection is gone
 * (the server stopped, restarted or cannot be reached since the store was opened), rather than with the
 * driver's bare error, which the CLI could only show as an internal error. Other errors pass unchanged.
 */
export function withConnectionErrors<T extends StateStore>(store: T, location: string): T {
  const translate = (error: unknown): never => {
    throw isConnectionError(error) ? stateConnectionLostError(location, error) : error;
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'close') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        return result instanceof Promise ? result.catch(translate) : result;
      };
    },
  });
}
