import { elapsedText, STILL_RUNNING_AFTER_MS, STILL_RUNNING_EVERY_MS, systemClock, type ProgressClock, type ProgressStream } from './running-work.js';

/** On a terminal, the count appears once rendering has taken this long, and is redrawn at most this often. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;

/**
 * Progress of rendering a project's models (compile, and the recording of a commit), which runs without
 * yielding to the event loop, so it is drawn from the render loop's own calls (CompileOptions.onProgress). On
 * a terminal: `rendering: 4210/10000 models (2s)` on stderr once it takes over a second, redrawn in place and
 * cleared by `close`. Without one (CI logs): a line after 30 s and every 60 s after.
 */
export class RenderProgress {
  private readonly stream: ProgressStream;
  private readonly clock: ProgressClock;
  private readonly started: number;
  private nextDraw: number;
  private drawn = false;

  constructor(private readonly label = 'rendering', stream?: ProgressStream, clock?: ProgressClock) {
    this.stream = stream ?? process.stderr;
    this.clock = clock ?? systemClock;
    this.started = this.clock.now();
    this.nextDraw = this.started + (this.stream.isTTY === true ? SHOW_AFTER_MS : STILL_RUNNING_AFTER_MS);
  }

  /** CompileOptions.onProgress: `done` of `total` models rendered or reused. */
  readonly onProgress = (done: number, total: number): void => {
    const now = this.clock.now();
    if (now < this.nextDraw || done >= total) return;
    const text = `${this.label}: ${done}/${total} models (${elapsedText(now - this.started)})`;
    if (this.stream.isTTY === true) {
      this.stream.write(`\r\u001b[2K${text}`);
      this.drawn = true;
      this.nextDraw = now + REDRAW_MS;
    } else {
      this.stream.write(`... still ${text}\n`);
      this.nextDraw = now + STILL_RUNNING_EVERY_MS;
    }
  };

  /** Clears the terminal's line, before what is printed next. */
  close(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }
}

/** Runs `work` with a RenderProgress's onProgress, clearing its line after (see RenderProgress). */
export async function withRenderProgress<T>(label: string, work: (onProgress: RenderProgress['onProgress']) => Promise<T>): Promise<T> {
  const progress = new RenderProgress(label);
  try {
    return await work(progress.onProgress);
  } finally {
    progress.close();
  }
}
