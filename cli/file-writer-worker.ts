/**
 * The worker thread of background-file-writer.ts: carries out the writes it is sent, in order, and answers
 * the end message with the first one that failed; nothing after a failed write is written (an index written
 * last never names a file that is not there). A failed optional write is passed over. Folders exist before
 * their files are sent.
 */
import { parentPort } from 'node:worker_threads';
import { writeFiles, type WriterReply, type WriterRequest } from './background-file-writer.js';

let failed: WriterReply['failed'] = null;

parentPort?.on('message', (request: WriterRequest) => {
  if (request.kind === 'end') parentPort!.postMessage({ failed } satisfies WriterReply);
  else if (failed === null) failed = writeFiles(request);
});
