import type { EventEmitter } from 'node:events';

/**
 * A pooled pg client whose connection dies (the server stopped, restarted or dropped it) emits 'error' as well
 * as failing its query; the pool listens for that only while the client is idle, and an 'error' event nobody
 * listens to ends the process with a stack trace. This listens while the client is borrowed (the failed query,
 * or the next one, carries the error to the caller) and returns the function that stops listening.
 */
export function absorbClientErrors(client: EventEmitter): () => void {
  const ignore = () => undefined;
  client.on('error', ignore);
  return () => { client.removeListener('error', ignore); };
}
