/**
 * The measured process of the amp-query benchmarks: runs one query against a local Amp server over Flight
 * SQL or JSON Lines, decoding every row (as `amp-dbt` does), and prints how many rows came back and the
 * rows per second of the query itself (start-up excluded).
 *
 *   node dist/bench/amp-query.js flight|jsonl PORT SQL
 */
import { performance } from 'node:perf_hooks';
import { openAmpQueryClient } from '../core/warehouse/amp/amp-query-client.js';

async function main(argv: string[]): Promise<number> {
  const [transport, port, sql] = argv;
  if ((transport !== 'flight' && transport !== 'jsonl') || !/^\d+$/.test(port ?? '') || !sql) {
    process.stderr.write('usage: node dist/bench/amp-query.js flight|jsonl PORT SQL\n');
    return 2;
  }
  const portKey = transport === 'flight' ? 'flight_port' : 'jsonl_port';
  const client = openAmpQueryClient({ name: 'bench', type: 'amp', schema: '_', host: '127.0.0.1', transport, [portKey]: Number(port) });
  const started = performance.now();
  let rows = 0;
  try {
    for await (const batch of client.stream(sql)) rows += batch.rows.length;
  } finally {
    client.close();
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${JSON.stringify({ transport, rows, seconds: Number(seconds.toFixed(3)), rowsPerSecond: Math.round(rows / seconds) })}\n`);
  return 0;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
