import { writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { replaceFile } from './replace-file.js';

/**
 * Writes for the worker (file-writer-worker.ts), in order: files as a flat [path, text, path, text ...] list
 * (flat strings cost little to send), or one file replaced whole (written beside it, then renamed over it:
 * a reader sees the old file or the new one). A failed `optional` write is passed over.
 */
export type WriteRequest =
  | { kind: 'files'; files: string[] }
  | { kind: 'replace'; path: string; text: string; optional: boolean };
export type WriterRequest = WriteRequest | { kind: 'end' };
/** The worker's answer to the end: the first write that failed, if any. */
export interface WriterReply {
  /** Node's error fields, so the error thrown in this thread reads as the one writeFileSync threw there. */
  failed: { message: string; code?: string; syscall?: string; path?: string } | null;
}

/** Carries out one request; returns the write that failed (nothing after it is written), or null. */
export function writeFiles(request: WriteRequest): WriterReply['failed'] {
  try {
    if (request.kind === 'files') {
      const { files } = request;
      for (let i = 0; i < files.length; i += 2) writeFileSync(files[i]!, files[i + 1]!);
    } else {
      replaceFile(request.path, request.text, request.optional);
    }
    return null;
  } catch (error) {
    const { message, code, syscall, path } = error as NodeJS.ErrnoException;
    return { message, ...(code === undefined ? {} : { code }), ...(syscall === undefined ? {} : { syscall }), ...(path === undefined ? {} : { path }) };
  }
}

/** Below this many files a worker costs more to start than it saves: they are written on this thread. */
const WORKER_THRESHOLD = 500;
/** Files per message: large enough that messages cost little, small enough that the worker starts early. */
const BATCH = 250;

/**
 * Writes files in the order given, on a worker thread once there are many, while this thread goes on
 * (making the next texts, saving a cache): creating 10,000 small files is about 0.3 s of system calls,
 * which the second core does meanwhile. A few files are simply written here, at `finish`. `finish`
 * resolves when every write is done and rejects with the first that failed (as writeFileSync would have
 * thrown it; nothing after it is written); `abort` stops the worker.
 */
export class BackgroundFileWriter {
  /** Files not handed over yet, flat as in WriteRequest. */
  private files: string[] = [];
  /** Everything not handed over yet, files before `this.files`, in order (only until the worker starts). */
  private queued: WriteRequest[] = [];
  private fileCount = 0;
  private worker: Worker | null = null;
  private done: Promise<WriterReply> | null = null;

  write(path: string, text: string): void {
    this.files.push(path, text);
    this.fileCount++;
    if (this.worker === null && this.fileCount > WORKER_THRESHOLD) this.start();
    if (this.worker !== null && this.files.length >= 2 * BATCH) this.flushFiles();
  }

  /** Replaces `path` whole once the writes before are done; an `optional` one (a cache) may fail silently. */
  replace(path: string, text: string, options: { optional?: boolean } = {}): void {
    this.flushFiles();
    this.send({ kind: 'replace', path, text, optional: options.optional ?? false });
  }

  async finish(): Promise<void> {
    this.flushFiles();
    if (this.worker === null) {
      const requests = this.queued;
      this.queued = [];
      for (const request of requests) {
        const failed = writeFiles(request);
        if (failed) throw writeError(failed);
      }
      return;
    }
    this.worker.postMessage({ kind: 'end' } satisfies WriterRequest);
    try {
      const { failed } = await this.done!;
      if (failed) throw writeError(failed);
    } finally {
      await this.abort();
    }
  }

  async abort(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.files = [];
    this.queued = [];
    if (worker) await worker.terminate();
  }

  private start(): void {
    const worker = new Worker(new URL('./file-writer-worker.js', import.meta.url));
    this.done = new Promise<WriterReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`internal error: the file writer thread exited (code ${code}) before writing every file`)));
    });
    // Awaited by finish; a failure before then is not an unhandled rejection.
    this.done.catch(() => undefined);
    this.worker = worker;
    const queued = this.queued;
    this.queued = [];
    for (const request of queued) worker.postMessage(request);
  }

  private flushFiles(): void {
    if (this.files.length === 0) return;
    this.send({ kind: 'files', files: this.files });
    this.files = [];
  }

  private send(request: WriteRequest): void {
    if (this.worker) this.worker.postMessage(request satisfies WriterRequest);
    else this.queued.push(request);
  }
}

function writeError(failed: NonNullable<WriterReply['failed']>): Error {
  const { message, ...fields } = failed;
  return Object.assign(new Error(message), fields);
}
