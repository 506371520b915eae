import { readFileSync } from 'node:fs';
import { AmpDbtError } from '../errors.js';
import { SeedError } from './seed-error.js';
import { recordShapes } from './check-csv-shape.js';
import type { SeedFile } from './seed-file.js';

/** DuckDB's reader errors say `CSV Error on Line: 4` (the record's number, the header's 1); other messages carry no line. */
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
  const record = lineOf(message);
  return new SeedError('seed-parse-error', `cannot read ${seed.path}: ${shortMessage(message)}`, {
    location: { file: seed.path, line: record === undefined ? 1 : fileLine(seed, record), column: 1 },
    hint: seed.format === 'csv'
      ? 'a seed CSV has a header line and one record per line; binary values are written as 0x-prefixed hex, empty fields and null are NULL'
      : 'check that the file is a readable Parquet file',
    cause: error,
  });
}

/**
 * The file line record `record` (1: the header) starts on: a quoted value holding line breaks makes a record
 * span lines, so DuckDB's record number is not a line (recordShapes reads records as the shape check does).
 */
function fileLine(seed: SeedFile, record: number): number {
  try {
    return recordShapes(readFileSync(seed.absolutePath, 'utf8'), ',')[record - 1]?.line ?? record;
  } catch {
    return record;
  }
}
