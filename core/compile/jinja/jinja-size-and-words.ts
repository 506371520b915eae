import { numeric } from './python-float.js';
import { percentFormat } from './python-formatting.js';
import { pythonRepr, pythonStr } from './python-repr.js';

/*
 * Jinja2's `filesizeformat` and `wordcount` filters (nunjucks has no filesizeformat; its wordcount counted
 * JavaScript's \w runs, so `'é-a' | wordcount` was 1 and `none | wordcount` 0, where Jinja2 gives 2 and 1).
 */

const DECIMAL = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
const BINARY = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'];

/** A number of bytes as Jinja2 writes it: `1 Byte`, `999 Bytes`, `1.2 kB`, `2.0 KiB` (binary). */
export function jinjaFilesizeformat(value: unknown, binary: unknown = false): string {
  const bytes = Number(numeric(typeof value === 'string' ? value.trim() : value));
  if (Number.isNaN(bytes)) throw new Error(`could not convert string to float: ${pythonRepr(String(value))}`);
  const base = binary ? 1024 : 1000;
  const prefixes = binary ? BINARY : DECIMAL;
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let index = 0;
  while (index < prefixes.length - 1 && bytes >= base ** (index + 2)) index++;
  return percentFormat('%.1f %s', [(base * bytes) / base ** (index + 2), prefixes[index]]);
}

/** The number of words (runs of Python's \w: letters, digits and `_` of any script) in the value's text. */
export function jinjaWordcount(value: unknown): number {
  return pythonStr(value).match(/[\p{L}\p{N}\p{M}_]+/gu)?.length ?? 0;
}
