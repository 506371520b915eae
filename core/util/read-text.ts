import { Buffer } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';

/**
 * UTF-8 text of `bytes[start, end)`, without a leading byte order mark (editors on Windows write one): a
 * model starting with it would not start with its `-- @import:` header or its `{{ config() }}`.
 */
export function decodeUtf8(bytes: Buffer, start: number, end: number): string {
  const bom = end - start >= 3 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf;
  return bytes.toString('utf8', bom ? start + 3 : start, end);
}

/** A git blob's text, decoded as readText decodes a file. */
export const blobText = (bytes: Uint8Array): string => decodeUtf8(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0, bytes.byteLength);

/** Reused by every read: project files are small, and a fresh buffer per file (as readFileSync makes) is not free. */
const SMALL = 64 * 1024;
let buffer = Buffer.allocUnsafe(SMALL);

/**
 * `readFileSync(path, 'utf8')` in fewer steps: open, read to the end into the shared buffer (one read for
 * a file smaller than it), close, decode (without a byte order mark). The text of a regular file, and the same errors (from the
 * open or read that fails); cheaper than readFileSync over the 10,000 files of a big project.
 */
export function readText(path: string): string {
  const fd = openSync(path, 'r');
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const wanted = buffer.length - length;
      const count = readSync(fd, buffer, length, wanted, null);
      length += count;
      // A regular file reads short only at its end: no second read to see 0 bytes (half the read calls).
      if (count < wanted) break;
    }
    return decodeUtf8(buffer, 0, length);
  } finally {
    closeSync(fd);
    if (buffer.length > SMALL * 16) buffer = Buffer.allocUnsafe(SMALL); // a buffer grown for a big file is not kept
  }
}
