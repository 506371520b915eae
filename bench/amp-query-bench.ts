import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { BenchCase, BenchContext } from './bench-cases.js';

export const AMP_QUERY_ROWS = 1_000_000;
const QUERY = `SELECT range AS n, range * 2 AS doubled, 'row ' || range AS label FROM range(${AMP_QUERY_ROWS})`;

/** Blocks until something listens on the port (the server runs in another process). */
function waitForPort(port: number): void {
  const script = `const net = require('node:net'); const deadline = Date.now() + 30000;
(function attempt() { const s = net.connect(${port}, '127.0.0.1'); s.on('connect', () => { s.end(); process.exit(0); });
s.on('error', () => Date.now() > deadline ? process.exit(1) : setTimeout(attempt, 100)); })();`;
  if (spawnSync(process.execPath, ['-e', script]).status !== 0) throw new Error(`the local Amp server did not listen on port ${port}`);
}

/**
 * The same 1,000,000-row query (three columns) through Arrow Flight SQL or through JSON Lines from the local
 * Amp server (fixtures/amp-server), every row decoded. The measured process is bench/amp-query.ts.
 */
export function ampQueryCase(transport: 'flight' | 'jsonl', runs: number): BenchCase {
  const ports = { flight: 41602, jsonl: 41603, admin: 41610 };
  let server: ChildProcess | null = null;
  return {
    name: `amp-query-${transport}-1m`,
    description: `1,000,000 rows (3 columns) from the local Amp server through ${transport === 'flight' ? 'Arrow Flight SQL' : 'JSON Lines'}, every row decoded`,
    runs,
    script: (ctx: BenchContext) => join(ctx.root, 'dist', 'bench', 'amp-query.js'),
    setup(ctx) {
      server = spawn(process.execPath, [join(ctx.root, 'dist', 'fixtures', 'amp-server', 'main.js'),
        '--flight-port', String(ports.flight), '--jsonl-port', String(ports.jsonl), '--admin-port', String(ports.admin)], { stdio: 'ignore' });
      waitForPort(ports[transport]);
      return { rows: AMP_QUERY_ROWS, query: QUERY };
    },
    teardown() {
      server?.kill('SIGTERM');
      server = null;
    },
    args: () => [transport, String(ports[transport]), QUERY],
  };
}
