import { plural } from '../core/util/plural.js';
import type { ModelOutcome, RunProgress, RunStep } from '../core/run/run-types.js';
import { describeAlteration } from '../core/run/describe-alteration.js';
import { withCarriedOptions } from './output.js';
import { RunningWork, type RunningWorkOptions } from './running-work.js';

const useColor = () => process.stderr.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (useColor() ? `\u001b[${code}m${text}\u001b[0m` : text);

/** Where in the model's file a failed model's error points, when that can be told. */
export type LocateError = (outcome: ModelOutcome) => { line: number; column: number } | null;

function resultLine(o: ModelOutcome, index: number, total: number, locate?: LocateError): string {
  const counter = `${String(index).padStart(String(total).length)}/${total}`;
  const label = { success: paint(32, 'OK     '), error: paint(31, 'ERROR  '), skipped: paint(33, 'SKIP   '), reused: paint(2, 'REUSE  ') }[o.status];
  const what = o.builtMeanwhile ? `${o.materialized}, built by another run meanwhile`
    : o.status === 'reused' ? `${o.materialized}, built already`
    : o.action === 'incremental' ? 'incremental' : o.action === 'rebuild' ? `${o.materialized}, rebuilt in place` : o.materialized;
  const rows = (o.rows === null ? '' : `, ${plural(o.rows, 'row')}`) + (o.altered ? `, ${describeAlteration(o.altered)}` : '');
  const time = o.status === 'success' || o.status === 'error' || o.builtMeanwhile ? ` in ${(o.durationMs / 1000).toFixed(2)}s` : '';
  const at = o.status === 'error' ? locate?.(o) : null;
  const where = o.status === 'error' ? `${o.path}${at ? `:${at.line}:${at.column}` : ''}: ` : '';
  // A hint in the error (a seed not loaded: run `amp-dbt seed` first) names its command with this invocation's options.
  const detail = o.error ? `\n        ${where}${withCarriedOptions(o.error).trimEnd().split('\n').join('\n        ')}` : '';
  return `${counter} ${label} ${o.model} (${what}${rows})${time}${detail}`;
}

/**
 * Run progress on stderr: a result line per model as it finishes (not with --json), and while models run,
 * what RunningWork shows: on a terminal a live bar (done/total) with the models running and their elapsed
 * times; otherwise a line for a model still running after 30 s and every 60 s after.
 */
export function runProgress(total: number, quiet: boolean, locate?: LocateError, options: Omit<RunningWorkOptions, 'head'> = {}): RunProgress & { close(): void } {
  let done = 0;
  const bar = () => {
    const width = 24;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
  };
  const work = new RunningWork({ ...options, head: bar });
  const stream = options.stream ?? process.stderr;
  return {
    started(step: RunStep) {
      work.start(step.model.name);
    },
    finished(outcome: ModelOutcome) {
      done++;
      work.finish(outcome.model, quiet ? undefined : () => stream.write(resultLine(outcome, done, total, locate) + '\n'));
    },
    close: () => work.close(),
  };
}
