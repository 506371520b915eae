import { crlfToLf, lazyCheckinConversion, type CheckinConversion } from './checkin-conversion.js';
import { diskBlobId } from './disk-blob-id.js';

/**
 * The blob id `git add` would store for the working-tree files of the project at `projectDir` (paths relative
 * to it): their bytes, with CRLF line ends turned into LF where git's end-of-line conversion applies to the
 * file (checkinConversion: `core.autocrlf` true or input, or the `text`/`eol` attributes of .gitattributes).
 * So a clean checkout with CRLF line ends (core.autocrlf=true, `eol=crlf`) has the ids of the LF blobs
 * committed, as `git status` calls it clean; a file whose text differs otherwise has another id. Outside git,
 * the bytes' id.
 */
export function checkinBlobId(projectDir: string, conversion: () => CheckinConversion = lazyCheckinConversion(projectDir)): (path: string, bytes: Uint8Array) => string {
  return (path, bytes) => {
    // Only bytes holding a CR can differ from what git stores; most files are hashed as they are.
    if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(13) === -1) return diskBlobId(bytes);
    return diskBlobId(conversion()(path, bytes) ? crlfToLf(bytes) : bytes);
  };
}
