/**
 * The worker thread of file-prefetch.ts: reads the files it is given, in order, and sends their texts
 * (decoded as readText decodes them) in batches; null where a read failed (the reading thread then reads the
 * file itself and gets the error).
 */
import { readFileSync } from 'node:fs';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { PrefetchBatch } from './file-prefetch.js';
import { decodeUtf8 } from './read-text.js';

const { paths, port, batchChars } = workerData as { paths: string[]; port: MessagePort; batchChars: number };

let texts: (string | null)[] = [];
let size = 0;
let first = 0;

function send(): void {
  port.postMessage({ first, texts } satisfies PrefetchBatch);
  first += texts.length;
  texts = [];
  size = 0;
}

for (const path of paths) {
  let text: string | null = null;
  try {
    const bytes = readFileSync(path);
    text = decodeUtf8(bytes, 0, bytes.length);
    size += text.length;
  } catch {
    // Read again by the reading thread, which reports the error.
  }
  texts.push(text);
  if (size >= batchChars) send();
}
if (texts.length > 0) send();
// The port is left open: closing it here could drop batches the reading thread has not received yet.
