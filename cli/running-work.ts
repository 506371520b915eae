/** The clock progress is drawn by: real time by default, driven by hand in tests. */
export interface ProgressClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: ProgressClock = {
  now: () => Date.now(),
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** Where progress goes (stderr): a terminal when `isTTY`. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

/** Without a terminal: a line for work still running after 30 s, and every 60 s after. */
export const STILL_RUNNING_AFTER_MS = 30_000;
export const STILL_RUNNING_EVERY_MS = 60_000;
/** On a terminal: the status line is redrawn every second, so its elapsed times move. */
const REDRAW_MS = 1000;
/** Names shown on the status line; more are counted. */
const SHOWN = 3;

/** `4s`, `1m30s`, `2h05m`. */
export function elapsedText(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export interface RunningWorkOptions {
  /** The start of the terminal's status line (run's bar, `[####----] 3/10`). */
  head?: () => string;
  /** process.stderr by default. */
  stream?: ProgressStream;
  clock?: ProgressClock;
}

/**
 * What is running now (models, seeds, tests), shown while it runs. On a terminal, a status line naming
 * each with its elapsed time (`running: fct_orders (1m02s), stg_items (3s)`), redrawn in place every
 * second and cleared before each line printed above it. Without one (CI logs), a line for each still
 * running after 30 s and every 60 s after (`... still running: fct_orders (1m30s)`).
 */
export class RunningWork {
  private readonly stream: ProgressStream;
  private readonly clock: ProgressClock;
  private readonly live: boolean;
  private readonly running = new Map<string, { started: number; nextReport: number }>();
  private stopTimer: (() => void) | null = null;
  private drawn = false;

  constructor(private readonly options: RunningWorkOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.clock = options.clock ?? systemClock;
    this.live = this.stream.isTTY === true;
  }

  start(name: string): void {
    const now = this.clock.now();
    this.running.set(name, { started: now, nextReport: now + STILL_RUNNING_AFTER_MS });
    this.stopTimer ??= this.clock.every(REDRAW_MS, () => this.tick());
    this.redraw();
  }

  /** `report`: writes its result (see above). */
  finish(name: string, report?: () => void): void {
    this.running.delete(name);
    if (this.running.size === 0) this.stopTicking();
    this.above(report ?? (() => undefined));
  }

  /** Has `write` print whole lines (on this stream, or stdout on the same terminal) above the status line. */
  above(write: () => void): void {
    this.clear();
    write();
    this.draw();
  }

  close(): void {
    this.stopTicking();
    this.clear();
  }

  private tick(): void {
    if (this.live) {
      this.redraw();
      return;
    }
    const now = this.clock.now();
    for (const [name, work] of this.running) {
      if (now < work.nextReport) continue;
      work.nextReport += STILL_RUNNING_EVERY_MS;
      this.stream.write(`... still running: ${name} (${elapsedText(now - work.started)})\n`);
    }
  }

  private stopTicking(): void {
    this.stopTimer?.();
    this.stopTimer = null;
  }

  private redraw(): void {
    this.above(() => undefined);
  }

  private clear(): void {
    if (this.drawn) this.stream.write('\r\u001b[2K');
    this.drawn = false;
  }

  private draw(): void {
    if (!this.live || this.running.size === 0) return;
    const now = this.clock.now();
    const names = [...this.running].slice(0, SHOWN).map(([name, work]) => `${name} (${elapsedText(now - work.started)})`);
    const more = this.running.size > SHOWN ? `, and ${this.running.size - SHOWN} more` : '';
    const head = this.options.head?.() ?? '';
    const line = `${head ? `${head}  ` : ''}running: ${names.join(', ')}${more}`;
    // A line wider than the terminal wraps, and clearing it would leave its first part behind.
    const width = this.stream.columns ? this.stream.columns - 1 : line.length;
    this.stream.write(line.length > width ? `${line.slice(0, Math.max(0, width - 3))}...` : line);
    this.drawn = true;
  }
}
