import { AmpDbtError } from '../errors.js';
import { SeedError } from './seed-error.js';
import type { SeedFile } from './seed-file.js';

/** DuckDB's reader errors say `CSV Error on Line: 4`; other messages carry no line. */
export function lineOf(message: string): number | undefined {
  const match = /\bLine: (\d+)/.exec(message);
  return match ? Number(match[1]) : undefined;
}

/** DuckDB's message up to its first blank line (what went wrong, not the sniffer's settings dump), on one line. */
export function shortMessage(message: string): string {
  const head = message.split(/\n\s*\n/)[0];
  return head.split('\n').map((line) => line.trim()).filter(Boolean).join('; ');
}

/** A failure reading a seed file, pinned to file:line when DuckDB names the line. */
export function seedParseError(seed: SeedFile, error: unknown): AmpDbtError {
  if (error instanceof SeedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SeedError('seed-parse-error', `cannot read ${seed.path}: ${shortMessage(message)}`, {
    location: { file: seed.path, line: lineOf(message) ?? 1, column: 1 },
    hint: seed.format === 'csv'
      ? 'a seed CSV has a header line and one record per line; binary values are written as 0x-prefixed hex, empty fields and null are NULL'
      : 'check that the file is a readable Parquet file',
    cause: error,
  });
}
