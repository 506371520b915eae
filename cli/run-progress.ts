import { plural } from '../core/util/plural.js';
import type { ModelOutcome, RunProgress, RunStep } from '../core/run/run-types.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

function resultLine(o: ModelOutcome, index: number, total: number): string {
  const counter = `${String(index).padStart(String(total).length)}/${total}`;
  const label = { success: paint(32, 'OK     '), error: paint(31, 'ERROR  '), skipped: paint(33, 'SKIP   '), reused: paint(2, 'REUSE  ') }[o.status];
  const what = o.status === 'reused' ? `${o.materialized}, built already`
    : o.action === 'incremental' ? 'incremental' : o.action === 'rebuild' ? `${o.materialized}, rebuilt in place` : o.materialized;
  const rows = o.rows === null ? '' : `, ${plural(o.rows, 'row')}`;
  const time = o.status === 'success' || o.status === 'error' ? ` in ${(o.durationMs / 1000).toFixed(2)}s` : '';
  const where = o.status === 'error' ? `${o.path}: ` : '';
  const detail = o.error ? `\n        ${where}${o.error.trimEnd().split('\n').join('\n        ')}` : '';
  return `${counter} ${label} ${o.model} (${what}${rows})${time}${detail}`;
}

/**
 * Run progress on stderr: on a terminal a live bar (done/total and the models running) under the result
 * lines; otherwise only the result lines, one per model as it finishes.
 */
export function runProgress(total: number, quiet: boolean): RunProgress & { close(): void } {
  const live = process.stderr.isTTY && !quiet;
  const running = new Set<string>();
  let done = 0;
  const clear = () => { if (live) process.stderr.write('\r\u001b[2K'); };
  const draw = () => {
    if (!live || done === total) return;
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    const names = [...running].slice(0, 3).join(', ') + (running.size > 3 ? ', ...' : '');
    process.stderr.write(`[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}${names ? `  running: ${names}` : ''}`);
  };
  return {
    started(step: RunStep) {
      running.add(step.model.name);
      clear();
      draw();
    },
    finished(outcome: ModelOutcome) {
      running.delete(outcome.model);
      done++;
      if (quiet) return;
      clear();
      process.stderr.write(resultLine(outcome, done, total) + '\n');
      draw();
    },
    close: clear,
  };
}
