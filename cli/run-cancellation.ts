/** Ctrl-C (or SIGTERM) during a run, for `run` on any warehouse. */
export interface RunCancellation {
  /** Aborted by the first signal: no further model starts. */
  signal: AbortSignal;
  /** For DeployRecord.onAbandon: what a second signal does before the process quits. */
  onAbandon: (abandon: () => Promise<void>) => void;
  /** What else a second signal stops first (the warehouse's running statements). */
  onQuit: (stop: () => void | Promise<void>) => void;
  /** Stops listening for the signals. */
  dispose(): void;
}

/**
 * The first signal aborts `signal` and calls `onCancel` (to say so); a second one quits now: it interrupts
 * the running statements (`onQuit`) while the deploy's abandon step runs (the run recorded as cancelled and
 * the environment's lock released; at most 2 s for both), so the next run is not refused until the lease expires.
 */
export function cancelOnSignals(onCancel: () => void): RunCancellation {
  const cancel = new AbortController();
  let abandon: (() => Promise<void>) | undefined;
  let stop: (() => void | Promise<void>) | undefined;
  const onSignal = () => {
    if (!cancel.signal.aborted) {
      cancel.abort();
      onCancel();
      return;
    }
    // A statement still running would hold the process at exit (DuckDB finishes it first), or run on in the
    // server (PostgreSQL), holding its locks.
    const stopped = Promise.resolve().then(() => stop?.()).catch(() => undefined);
    const recorded = abandon ? abandon().then(() => true, () => false) : Promise.resolve(null);
    const cleanup = Promise.all([stopped, recorded]).then(([, done]) => done);
    const late = new Promise<'late'>((done) => setTimeout(() => done('late'), 2_000).unref());
    void Promise.race([cleanup, late]).then((outcome) => {
      process.stderr.write(outcome === true ? 'quit: the run is recorded as cancelled, the environment left as it was and its lock released\n'
        : outcome === null ? 'quit\n'
          : 'quit before the state database answered: the next run of this environment records this one as abandoned once its lock expires (within 2 minutes)\n');
    }).finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: cancel.signal,
    onAbandon: (step) => { abandon = step; },
    onQuit: (step) => { stop = step; },
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
