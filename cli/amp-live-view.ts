/**
 * A full-screen view redrawn in place on a terminal: the alternate screen, the cursor hidden, each frame
 * written from the top with every line cleared to its end. `q` (or Ctrl-C, or Esc) quits: stdin is put in
 * raw mode while the view is open and restored when it closes, also on SIGINT/SIGTERM.
 */
export interface LiveView {
  draw(text: string): void;
  /** Resolves when the user quits. */
  readonly quit: Promise<void>;
  close(): void;
}

export function openLiveView(): LiveView {
  const out = process.stdout;
  const input = process.stdin;
  let resolveQuit: () => void = () => undefined;
  const quit = new Promise<void>((resolve) => { resolveQuit = resolve; });
  const onKey = (data: Buffer) => {
    const key = data.toString('utf8');
    if (key === 'q' || key === 'Q' || key === '\u0003' || key === '\u001b') resolveQuit();
  };
  const onSignal = () => resolveQuit();
  const wasRaw = input.isTTY ? input.isRaw : false;
  if (input.isTTY) input.setRawMode(true);
  input.on('data', onKey);
  input.resume();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  out.write('\u001b[?1049h\u001b[?25l');
  let closed = false;
  return {
    quit,
    draw(text: string) {
      if (closed) return;
      const rows = out.rows || 24;
      const lines = text.replace(/\n$/, '').split('\n').slice(0, Math.max(1, rows - 1));
      out.write(`\u001b[H${lines.map((l) => `${l}\u001b[K`).join('\n')}\n\u001b[J`);
    },
    close() {
      if (closed) return;
      closed = true;
      out.write('\u001b[?25h\u001b[?1049l');
      input.off('data', onKey);
      if (input.isTTY) input.setRawMode(wasRaw);
      input.pause();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
