import type { QueryValue } from '../warehouse/warehouse-adapter.js';
import type { TestOutcome } from './data-test.js';
import type { TestSummary } from './run-data-tests.js';

const MAX_CELL = 48;

function cell(value: QueryValue): string {
  const text = value === null ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** Rows as an aligned table, indented under the test's line. */
export function renderSample(rows: readonly Record<string, QueryValue>[], indent = '    '): string[] {
  if (rows.length === 0) return [];
  const columns = Object.keys(rows[0]);
  const cells = rows.map((row) => columns.map((c) => cell(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => indent + values.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
  return [line(columns), indent + widths.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line)];
}

const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;

/** Where the test is written: `file:line:col`, or '' when unknown. */
const writtenAt = ({ location }: TestOutcome['test']) => (location.file ? `${location.file}:${location.line ?? 1}:${location.column ?? 1}` : '');

/**
 * `PASS name`, `FAIL name (3 rows) at file:line:col` with the failing rows under it, `ERROR name (file:line:col): message`
 * with its hint.
 */
export function renderTestOutcome(outcome: TestOutcome): string[] {
  const { test, status } = outcome;
  if (status === 'pass') return [`PASS ${test.name}`];
  if (status === 'error') {
    const where = writtenAt(test) ? ` (${writtenAt(test)})` : '';
    const lines = [`ERROR ${test.name}${where}: ${outcome.error?.message ?? 'unknown error'}`];
    if (outcome.error?.hint) lines.push(`  hint: ${outcome.error.hint}`);
    return lines;
  }
  // A fail_calc of its own computes a value, not a number of rows (`sum(n_records) * 10`): said as such.
  const at = writtenAt(test) ? ` at ${writtenAt(test)}` : '';
  if (test.failCalc !== undefined && test.failCalc.replace(/\s+/g, '').toLowerCase() !== 'count(*)') {
    return [`${status.toUpperCase()} ${test.name} (fail_calc ${test.failCalc} = ${(outcome.failures ?? 0).toLocaleString('en-US')})${at}`, ...renderSample(outcome.sample)];
  }
  const more = (outcome.failures ?? 0) > outcome.sample.length ? [`    ... ${rows(outcome.failures! - outcome.sample.length)} more`] : [];
  return [`${status.toUpperCase()} ${test.name} (${rows(outcome.failures ?? 0)})${at}`, ...renderSample(outcome.sample), ...more];
}

/** `Done: 12 tests, 10 passed, 1 failed, 0 warned, 1 error in 0.4 s` */
export function renderTestSummary(summary: TestSummary, ms: number): string {
  const errors = `${summary.error} error${summary.error === 1 ? '' : 's'}`;
  return `Done: ${summary.total} test${summary.total === 1 ? '' : 's'}, ${summary.pass} passed, ${summary.fail} failed, ${summary.warn} warned, ${errors} in ${(ms / 1000).toFixed(1)} s`;
}
