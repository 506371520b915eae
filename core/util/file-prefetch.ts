import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/** What the reader thread (file-reader-worker.ts) sends: the texts of files `first`, `first + 1`, ... of the list (null: the read failed). */
export interface PrefetchBatch {
  first: number;
  texts: (string | null)[];
}

/** Below this many files a thread costs more to start than it saves. */
export const PREFETCH_THRESHOLD = 500;
/** Characters per batch: the first arrives within milliseconds, and messages stay few. */
const BATCH_CHARS = 256 * 1024;

/**
 * Files read ahead on a worker thread, in the order given, while this thread works (renders the models read
 * before): opening and reading 10,000 small files is 0.1-0.2 s of system calls, which the second core does
 * meanwhile. `take` hands over a file's text once (decoded as readText decodes it) when the thread has read it
 * by then, and undefined otherwise: the caller reads the file itself (as it does a file whose read failed
 * there, to get the error). Nothing waits for the thread: an unused prefetch only costs the other core.
 */
export class FilePrefetch {
  /** Files not taken yet. */
  private readonly wanted: Set<string>;
  /** Texts delivered and not taken yet, by path. */
  private readonly delivered = new Map<string, string>();
  private port: MessagePort | null;
  /** Resolves when the thread has ended (every file read or it failed). */
  readonly finished: Promise<void>;

  constructor(private readonly paths: readonly string[]) {
    this.wanted = new Set(paths);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // Batches are taken as they come when this thread waits (an event loop turn), else by `receive` when asked
    // for: the thread's end closes the channel, which drops what was not received by then.
    port1.on('message', (batch: PrefetchBatch) => this.accept(batch));
    port1.unref();
    let worker: Worker | undefined;
    try {
      worker = new Worker(new URL('./file-reader-worker.js', import.meta.url), {
        workerData: { paths, port: port2, batchChars: BATCH_CHARS }, transferList: [port2],
      });
      worker.unref();
      // A thread that fails reads nothing more: the files not delivered are read by the caller, as without it.
      worker.on('error', () => undefined);
    } catch {
      this.stop();
    }
    this.finished = worker ? new Promise((resolve) => worker.once('exit', () => resolve())) : Promise.resolve();
  }

  take(path: string): string | undefined {
    if (!this.wanted.delete(path)) return undefined;
    if (!this.delivered.has(path)) this.receive();
    const text = this.delivered.get(path);
    this.delivered.delete(path);
    if (this.wanted.size === 0) this.stop();
    return text;
  }

  /** Drops what was read ahead and not taken. */
  stop(): void {
    this.port?.close();
    this.port = null;
    this.delivered.clear();
    this.wanted.clear();
  }

  /** Every batch that has arrived (none blocks). */
  private receive(): void {
    for (let message = this.port && receiveMessageOnPort(this.port); message; message = this.port && receiveMessageOnPort(this.port)) {
      this.accept(message.message as PrefetchBatch);
    }
  }

  private accept({ first, texts }: PrefetchBatch): void {
    texts.forEach((text, i) => {
      // A file taken (read by the caller) before it arrived is not kept.
      const path = this.paths[first + i]!;
      if (text !== null && this.wanted.has(path)) this.delivered.set(path, text);
    });
  }
}
