import { plural } from '../core/util/plural.js';
import type { ModelOutcome, RunProgress, RunStep } from '../core/run/run-types.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Where in the model's file a failed model's error points, when that can be told. */
export type LocateError = (outcome: ModelOutcome) => { line: number; column: number } | null;

function resultLine(o: ModelOutcome, index: number, total: number, locate?: LocateError): string {
  const counter = `${String(index).padStart(String(total).length)}/${total}`;
  const label = { success: paint(32, 'OK     '), error: paint(31, 'ERROR  '), skipped: paint(33, 'SKIP   '), reused: paint(2, 'REUSE  ') }[o.status];
  const what = o.status === 'reused' ? `${o.materialized}, built already`
    : o.action === 'incremental' ? 'incremental' : o.action === 'rebuild' ? `${o.materialized}, rebuilt in place` : o.materialized;
  const rows = o.rows === null ? '' : `, ${plural(o.rows, 'row')}`;
  const time = o.status === 'success' || o.status === 'error' ? ` in ${(o.durationMs / 1000).toFixed(2)}s` : '';
  const at = o.status === 'error' ? locate?.(o) : null;
  const where = o.status === 'error' ? `${o.path}${at ? `:${at.line}:${at.column}` : ''}: ` : '';
  const detail = o.error ? `\n        ${where}${o.error.trimEnd().split('\n').join('\n        ')}` : '';
  return `${counter} ${label} ${o.model} (${what}${rows})${time}${detail}`;
}

/**
 * Run progress on stderr: on a terminal a live bar (done/total and the models running) under the result
 * lines; otherwise only the result lines, one per model as it finishes.
 */
export function runProgress(total: number, quiet: boolean, locate?: LocateError): RunProgress & { close(): void } {
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
      process.stderr.write(resultLine(outcome, done, total, locate) + '\n');
      draw();
    },
    close: clear,
  };
}
