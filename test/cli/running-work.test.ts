import assert from 'node:assert/strict';
import { test } from 'node:test';
import { elapsedText, RunningWork, type ProgressClock, type ProgressStream } from '../../cli/running-work.js';
import { runProgress } from '../../cli/run-progress.js';
import type { ModelOutcome, RunStep } from '../../core/run/run-types.js';

/** A clock the test moves by hand: `advance` runs the ticks that fall due. */
function handClock() {
  let now = 0;
  const timers = new Set<{ ms: number; next: number; tick: () => void }>();
  const clock: ProgressClock = {
    now: () => now,
    every(ms, tick) {
      const timer = { ms, next: now + ms, tick };
      timers.add(timer);
      return () => timers.delete(timer);
    },
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter((t) => t.next <= until).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      now = due.next;
      due.next += due.ms;
      due.tick();
    }
    now = until;
  };
  return { clock, advance, timers };
}

function stream(isTTY: boolean, columns?: number): ProgressStream & { text: string } {
  return { isTTY, columns, text: '', write(chunk: string) { this.text += chunk; } };
}

/** What a terminal shows: every `\r\u001b[2K` erases the line it is on. */
function screen(text: string): string {
  return text.split('\n').map((line) => line.split('\r\u001b[2K').at(-1)).join('\n');
}

test('elapsed times read as a person says them', () => {
  assert.deepEqual([0, 4_999, 59_999, 60_000, 90_000, 3_599_000, 3_600_000, 7_500_000].map(elapsedText),
    ['0s', '4s', '59s', '1m00s', '1m30s', '59m59s', '1h00m', '2h05m']);
});

test('without a terminal, a model still running after 30 s gets a line, and one every 60 s after; nothing before', () => {
  const { clock, advance, timers } = handClock();
  const out = stream(false);
  const work = new RunningWork({ stream: out, clock });
  work.start('fct_orders');
  advance(29_000);
  assert.equal(out.text, '');
  advance(1_000);
  assert.equal(out.text, '... still running: fct_orders (30s)\n');
  advance(59_000);
  assert.equal(out.text, '... still running: fct_orders (30s)\n');
  advance(1_000);
  assert.equal(out.text, '... still running: fct_orders (30s)\n... still running: fct_orders (1m30s)\n');
  work.start('stg_items');
  work.finish('fct_orders', () => out.write('OK fct_orders\n'));
  work.finish('stg_items');
  assert.equal(timers.size, 0, 'nothing runs: no timer is left');
  work.close();
});

test('without a terminal, each model has its own 30 s and 60 s', () => {
  const { clock, advance } = handClock();
  const out = stream(false);
  const work = new RunningWork({ stream: out, clock });
  work.start('a');
  advance(10_000);
  work.start('b');
  advance(30_000);
  advance(60_000);
  assert.equal(out.text, [
    '... still running: a (30s)', '... still running: b (30s)', '... still running: a (1m30s)', '... still running: b (1m30s)', '',
  ].join('\n'));
  work.close();
});

test('on a terminal, the status line names what runs with elapsed times, redrawn every second and cleared before each result line', () => {
  const { clock, advance, timers } = handClock();
  const out = stream(true);
  const work = new RunningWork({ stream: out, clock, head: () => '[--] 0/2' });
  work.start('fct_orders');
  assert.equal(screen(out.text), '[--] 0/2  running: fct_orders (0s)');
  advance(62_000);
  assert.equal(screen(out.text), '[--] 0/2  running: fct_orders (1m02s)');
  work.start('stg_items');
  advance(3_000);
  assert.equal(screen(out.text), '[--] 0/2  running: fct_orders (1m05s), stg_items (3s)');
  work.finish('stg_items', () => out.write('OK stg_items\n'));
  assert.equal(screen(out.text), 'OK stg_items\n[--] 0/2  running: fct_orders (1m05s)');
  assert.ok(!out.text.includes('still running'), 'a terminal gets the status line, not still-running lines');
  work.finish('fct_orders', () => out.write('OK fct_orders\n'));
  assert.equal(screen(out.text), 'OK stg_items\nOK fct_orders\n');
  assert.equal(timers.size, 0);
  work.close();
  assert.equal(screen(out.text), 'OK stg_items\nOK fct_orders\n');
});

test('on a terminal, a status line wider than the terminal is cut (a wrapped line could not be cleared), and past 3 names the rest are counted', () => {
  const { clock } = handClock();
  const out = stream(true, 40);
  const work = new RunningWork({ stream: out, clock });
  for (const name of ['a', 'b', 'c', 'd', 'e']) work.start(name);
  work.close();
  const wide = stream(true);
  const all = new RunningWork({ stream: wide, clock });
  for (const name of ['a', 'b', 'c', 'd', 'e']) all.start(name);
  assert.equal(screen(wide.text), 'running: a (0s), b (0s), c (0s), and 2 more');
  all.close();
  assert.equal(screen(wide.text), '');
  assert.ok(out.text.split('\r\u001b[2K').every((line) => line.length <= 39), out.text);
  assert.ok(out.text.includes('running: a (0s), b (0s), c (0s), and...'), out.text);
});

const step = (name: string) => ({ model: { name } }) as RunStep;
const outcome = (name: string, fields: Partial<ModelOutcome> = {}): ModelOutcome => ({
  model: name, path: `models/${name}.sql`, action: 'build', status: 'success', materialized: 'table', fingerprint: 'f', physical: `p.${name}`,
  rows: 1, durationMs: 62_000, error: null, ...fields,
});

test('run: a model taking 62 s shows while it runs (a line at 30 s and 1m30s without a terminal), then its result line', () => {
  const { clock, advance } = handClock();
  const out = stream(false);
  const progress = runProgress(2, false, undefined, { stream: out, clock });
  progress.started(step('stg_orders'));
  progress.started(step('fct_orders'));
  advance(1_000);
  progress.finished(outcome('stg_orders', { durationMs: 1_000 }));
  advance(61_000);
  progress.finished(outcome('fct_orders'));
  progress.close();
  assert.equal(out.text, [
    '1/2 OK      stg_orders (table, 1 row) in 1.00s',
    '... still running: fct_orders (30s)',
    '2/2 OK      fct_orders (table, 1 row) in 62.00s',
    '',
  ].join('\n'));
});

test('run --json: no result lines on stderr, but a model still running is still said there (stdout stays JSON only)', () => {
  const { clock, advance } = handClock();
  const out = stream(false);
  const progress = runProgress(1, true, undefined, { stream: out, clock });
  progress.started(step('fct_orders'));
  advance(95_000);
  progress.finished(outcome('fct_orders'));
  progress.close();
  assert.equal(out.text, '... still running: fct_orders (30s)\n... still running: fct_orders (1m30s)\n');
});

test('run on a terminal: the bar counts what finished, the models running show their time', () => {
  const { clock, advance } = handClock();
  const out = stream(true);
  const progress = runProgress(2, false, undefined, { stream: out, clock });
  progress.started(step('stg_orders'));
  progress.started(step('fct_orders'));
  advance(1_000);
  progress.finished(outcome('stg_orders', { durationMs: 1_000 }));
  advance(61_000);
  assert.equal(screen(out.text), `1/2 OK      stg_orders (table, 1 row) in 1.00s\n[${'#'.repeat(12)}${'-'.repeat(12)}] 1/2  running: fct_orders (1m02s)`);
  progress.finished(outcome('fct_orders'));
  progress.close();
  assert.equal(screen(out.text), '1/2 OK      stg_orders (table, 1 row) in 1.00s\n2/2 OK      fct_orders (table, 1 row) in 62.00s\n');
});
