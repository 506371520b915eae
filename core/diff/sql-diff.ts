// Only the unified-diff module (4 files of the package's 19: its start-up cost is paid by every diff).
import { formatPatch, structuredPatch, FILE_HEADERS_ONLY } from 'diff/lib/patch/create.js';
import type { SqlDiff } from './diff-types.js';

/** Beyond this many changed lines, or milliseconds, a text diff gives up and shows the whole file replaced. */
const MAX_EDIT_LENGTH = 1_000;
const DIFF_TIMEOUT_MS = 200;

/**
 * A unified diff (3 lines of context) between two texts, or null when they are equal. A missing side
 * is `/dev/null`, as git prints it. A rewrite too large to diff quickly shows every line removed and added.
 */
export function sqlDiff(basePath: string | null, headPath: string | null, baseText: string, headText: string): SqlDiff | null {
  if (baseText === headText) return null;
  const from = basePath === null ? '/dev/null' : `a/${basePath}`;
  const to = headPath === null ? '/dev/null' : `b/${headPath}`;
  const patch = structuredPatch(from, to, baseText, headText, undefined, undefined, { context: 3, maxEditLength: MAX_EDIT_LENGTH, timeout: DIFF_TIMEOUT_MS })
    ?? wholeFilePatch(from, to, baseText, headText);
  let added = 0;
  let removed = 0;
  for (const hunk of patch.hunks) {
    for (const line of hunk.lines) {
      if (line.startsWith('+')) added++;
      else if (line.startsWith('-')) removed++;
    }
  }
  return { text: formatPatch(patch, FILE_HEADERS_ONLY).replace(/\n*$/, '\n'), added, removed };
}

type Patch = NonNullable<ReturnType<typeof structuredPatch>>;

/**
 * One hunk replacing everything between the common leading and trailing lines (with 3 lines of context):
 * what a diff that gave up shows.
 */
function wholeFilePatch(from: string, to: string, baseText: string, headText: string): Patch {
  const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  const base = lines(baseText);
  const head = lines(headText);
  let prefix = 0;
  while (prefix < base.length && prefix < head.length && base[prefix] === head[prefix]) prefix++;
  let suffix = 0;
  while (suffix < base.length - prefix && suffix < head.length - prefix && base[base.length - 1 - suffix] === head[head.length - 1 - suffix]) suffix++;
  const start = Math.max(0, prefix - 3);
  const after = base.slice(base.length - suffix, base.length - suffix + 3);
  const hunkLines = [
    ...base.slice(start, prefix).map((l) => ` ${l}`),
    ...base.slice(prefix, base.length - suffix).map((l) => `-${l}`),
    ...head.slice(prefix, head.length - suffix).map((l) => `+${l}`),
    ...after.map((l) => ` ${l}`),
  ];
  const oldLines = base.length - suffix - start + after.length;
  const newLines = head.length - suffix - start + after.length;
  return {
    oldFileName: from,
    newFileName: to,
    oldHeader: undefined,
    newHeader: undefined,
    hunks: [{ oldStart: start + 1, oldLines, newStart: start + 1, newLines, lines: hunkLines }],
  };
}
