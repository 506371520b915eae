/**
 * Does nothing: measured as a case (`node-startup`), it is the floor under every other case, Node's own
 * start-up and exit with the bench's preload, on this machine, in the bench's environment.
 */
export {};
