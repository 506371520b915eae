import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RSS_FILE_ENV } from './max-rss-preload.js';

export interface ProcessMeasurement {
  /** From spawn to exit, milliseconds: start-up, module loading and the work itself. */
  wallMs: number;
  /** Peak resident set size of the child, kilobytes; null if it did not report (e.g. killed). */
  maxRssKb: number | null;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last few kilobytes of output, for error reports. */
  stdoutTail: string;
  stderrTail: string;
}

const preload = new URL('./max-rss-preload.js', import.meta.url).href;
const TAIL = 8192;

/** Runs `node <nodeArgs>` as a fresh process and measures its wall time and peak memory. */
export async function measureNodeProcess(nodeArgs: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessMeasurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'amp-dbt-bench-'));
  const rssFile = join(scratch, 'max-rss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', preload, ...nodeArgs], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, [RSS_FILE_ENV]: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout = (stdout + chunk).slice(-TAIL); });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-TAIL); });
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve([code, sig]));
    });
    const wallMs = performance.now() - started;
    return { wallMs, maxRssKb: readRss(rssFile), exitCode, signal, stdoutTail: stdout, stderrTail: stderr };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readRss(file: string): number | null {
  try {
    const value = Number(readFileSync(file, 'utf8').trim());
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
