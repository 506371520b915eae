import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RenderProgress } from '../../cli/render-progress.js';
import type { ProgressClock } from '../../cli/running-work.js';

function fakes(isTTY: boolean) {
  let now = 0;
  const written: string[] = [];
  const clock: ProgressClock = { now: () => now, every: () => () => undefined };
  return { stream: { isTTY, write: (text: string) => written.push(text) }, clock, written, advance: (ms: number) => { now += ms; } };
}

test('on a terminal: the count shows once rendering takes over a second, redrawn at most every 100 ms, cleared by close', () => {
  const { stream, clock, written, advance } = fakes(true);
  const progress = new RenderProgress('recording abc', stream, clock);
  progress.onProgress(0, 10_000);
  advance(999);
  progress.onProgress(500, 10_000);
  assert.deepEqual(written, [], 'a render under a second shows nothing');
  advance(1);
  progress.onProgress(600, 10_000);
  advance(50);
  progress.onProgress(700, 10_000);
  advance(50);
  progress.onProgress(800, 10_000);
  assert.deepEqual(written, ['\r\u001b[2Krecording abc: 600/10000 models (1s)', '\r\u001b[2Krecording abc: 800/10000 models (1s)']);
  progress.close();
  assert.equal(written.at(-1), '\r\u001b[2K');
  progress.close();
  assert.equal(written.length, 3, 'a line already cleared is not cleared again');
});

test('without a terminal: nothing under 30 s, then a line, and one every 60 s after; nothing to clear', () => {
  const { stream, clock, written, advance } = fakes(false);
  const progress = new RenderProgress(undefined, stream, clock);
  advance(29_999);
  progress.onProgress(10, 100);
  advance(1);
  progress.onProgress(11, 100);
  advance(59_999);
  progress.onProgress(50, 100);
  advance(1);
  progress.onProgress(51, 100);
  progress.onProgress(100, 100);
  progress.close();
  assert.deepEqual(written, ['... still rendering: 11/100 models (30s)\n', '... still rendering: 51/100 models (1m30s)\n']);
});
