/**
 * A second Ctrl-C during a run: quit now, after `abandon` (the run recorded as cancelled and the
 * environment's lock released; at most 2 s), so the next run is not refused until the lease expires.
 */
export function quitAtOnce(abandon: (() => Promise<void>) | undefined): void {
  const cleanup = abandon ? abandon() : Promise.resolve();
  void Promise.race([cleanup, new Promise((done) => setTimeout(done, 2_000).unref())]).finally(() => process.exit(130));
}
