import type { CaseResult } from './bench-result.js';

/** The results as an aligned text table. */
export function formatTable(results: readonly CaseResult[]): string {
  const header = ['benchmark', 'runs', 'min ms', 'median ms', 'max RSS MB', 'status'];
  const rows = results.map((r) => [
    r.name,
    String(r.runs),
    r.wallMs ? r.wallMs.min.toFixed(0) : '-',
    r.wallMs ? r.wallMs.median.toFixed(0) : '-',
    r.maxRssMb === null ? '-' : r.maxRssMb.toFixed(0),
    r.status,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
