import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const workerPath = fileURLToPath(new URL('./lock-worker.js', import.meta.url));

export type Reply = { ok: true; value: any } | { ok: false; code: string; message: string };

/** A `lock-worker.js` process with its own connection to the state database. */
export interface LockWorker {
  pid: number;
  call(op: string, ...args: unknown[]): Promise<Reply>;
  /** Ends stdin and waits for a clean exit. */
  close(): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Every worker started by this process: killed when it exits, so none outlives a failed test. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startLockWorker(url: string): Promise<LockWorker> {
  const child: ChildProcess = spawn(process.execPath, [workerPath, url], { stdio: ['pipe', 'pipe', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));

  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const waiting = new Map<number, (reply: Reply) => void>();
  let ready: (() => void) | undefined;
  const started = new Promise<void>((resolve) => { ready = resolve; });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as Reply & { id?: number; ready?: number };
    if (message.ready !== undefined) ready?.();
    else waiting.get(message.id!)?.(message);
  });
  const exited = once(child, 'exit');
  await Promise.race([started, exited.then(() => { throw new Error(`lock worker exited before it was ready:\n${stderr}`); })]);
  let ids = 0;
  return {
    pid: child.pid!,
    call(op, ...args) {
      const id = ++ids;
      const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
      child.stdin!.write(`${JSON.stringify({ id, op, args })}\n`);
      return Promise.race([reply, exited.then((): Reply => { throw new Error(`lock worker ${child.pid} died during ${op}:\n${stderr}`); })]);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      await exited;
    },
    async kill(signal) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Starts `count` workers; if any fails to start, the others are killed (never left keeping the test process alive). */
export async function startLockWorkers(url: string, count: number): Promise<LockWorker[]> {
  const settled = await Promise.allSettled(Array.from({ length: count }, () => startLockWorker(url)));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (!failed) return settled.map((s) => (s as PromiseFulfilledResult<LockWorker>).value);
  await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.kill('SIGKILL') : undefined)));
  throw failed.reason;
}
