import { readFileSync } from 'node:fs';
import { SeedError } from './seed-error.js';
import type { SeedFile } from './seed-file.js';

const DELIMITERS = [',', ';', '\t', '|'];

/** The number of fields of each record of `text` (quotes may hold delimiters and line breaks), with its first line. */
export function recordShapes(text: string, delimiter: string): Array<{ line: number; fields: number }> {
  const records: Array<{ line: number; fields: number }> = [];
  let line = 1;
  let start = 1;
  let fields = 1;
  let quoted = false;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      } else if (c === '\n') line++;
      continue;
    }
    if (c === '"') {
      quoted = true;
      empty = false;
    } else if (c === delimiter) {
      fields++;
      empty = false;
    } else if (c === '\n') {
      if (!empty) records.push({ line: start, fields });
      line++;
      start = line;
      fields = 1;
      empty = true;
    } else if (c !== '\r') {
      empty = false;
    }
  }
  if (!empty) records.push({ line: start, fields });
  return records;
}

/**
 * A seed CSV is a header line and records with as many fields: DuckDB's sniffer would otherwise make do,
 * skipping lines up to a shape it likes or reading every line as one text column, and the seed would load
 * wrong. The delimiter is the one of `, ; tab |` the header holds most of. Throws seed-parse-error at the
 * first record of another length; an empty file is said to be one.
 */
export function checkCsvShape(seed: SeedFile, text: string = readFileSync(seed.absolutePath, 'utf8')): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const header = body.slice(0, body.search(/\r?\n|$/));
  if (header.trim() === '') {
    throw new SeedError('seed-parse-error', `${seed.path} is empty: a seed CSV starts with a header line naming its columns`, {
      location: { file: seed.path, line: 1, column: 1 }, hint: 'write the column names on the first line, separated by commas',
    });
  }
  const delimiter = DELIMITERS.map((d) => [d, header.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  // Two columns of one name (any letter case): DuckDB would rename the second (`a_1`), which no model expects.
  const names = header.split(delimiter).map((name) => name.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
  const twice = names.find((name, i) => names.findIndex((other) => other.toLowerCase() === name.toLowerCase()) !== i);
  if (twice !== undefined) {
    throw new SeedError('seed-parse-error', `${seed.path}: the header names column '${twice}' twice`, {
      location: { file: seed.path, line: 1, column: header.toLowerCase().lastIndexOf(twice.toLowerCase()) + 1 }, hint: 'give every column its own name',
    });
  }
  const [first, ...rest] = recordShapes(body, delimiter);
  const odd = rest.find((record) => record.fields !== first.fields);
  if (odd) {
    throw new SeedError('seed-parse-error',
      `${seed.path}: line ${odd.line} has ${odd.fields} field${odd.fields === 1 ? '' : 's'}, and the header has ${first.fields}`, {
        location: { file: seed.path, line: odd.line, column: 1 },
        hint: `every record needs one value per column (an empty field or null is NULL); quote values that hold '${delimiter === '\t' ? '\\t' : delimiter}' or line breaks`,
      });
  }
}
