import { lazyCheckinConversion, type CheckinConversion } from './checkin-conversion.js';

/**
 * The text of a working-tree file of the project at `projectDir` (path relative to it) as `git add` would
 * store it: CRLF line ends as LF where git's end-of-line conversion applies (checkinConversion), as
 * checkinBlobId hashes it. So a clean CRLF checkout compiles as its commit does; line and column numbers are
 * unchanged, only the CR before each line end going. Text without a CR is returned as it is.
 */
export function checkinText(projectDir: string, conversion: () => CheckinConversion = lazyCheckinConversion(projectDir)): (path: string, text: string) => string {
  return (path, text) => {
    if (!text.includes('\r')) return text;
    return conversion()(path, Buffer.from(text, 'utf8')) ? text.replaceAll('\r\n', '\n') : text;
  };
}
