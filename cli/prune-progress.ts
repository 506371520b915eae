import type { PruneProgress } from '../core/prune/apply-prune.js';
import { prunedLine } from '../core/prune/render-prune-text.js';

/** With --json and no terminal, one progress line per this many relations. */
const LINE_EVERY = 100;

/**
 * Prune's progress: each relation on stdout as it is dropped (not with --json); on a terminal a counter on
 * stderr (`dropping 12/300`) under those lines; with --json and no terminal, a line on stderr every 100.
 */
export function pruneProgress(json: boolean, dryRun: boolean): { dropped: PruneProgress; close(): void } {
  const live = process.stderr.isTTY === true;
  const clear = () => { if (live) process.stderr.write('\r\u001b[2K'); };
  return {
    dropped(relation, done, total, error) {
      if (dryRun) return;
      clear();
      if (!json) process.stdout.write(error === undefined ? `dropped ${prunedLine(relation, false)}\n` : `FAILED  ${relation.relation}: ${error.split('\n')[0]}\n`);
      if (live && done < total) process.stderr.write(`dropping ${done}/${total}`);
      else if (!live && json && (done % LINE_EVERY === 0 || done === total)) process.stderr.write(`dropped ${done}/${total}\n`);
    },
    close: clear,
  };
}
