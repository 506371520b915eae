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

/**
 * Variables of this machine left out of a measured process's environment. NODE_EXTRA_CA_CERTS (set here for
 * the npm registry's proxy) makes Node 20 load OpenSSL's root store and parse the named bundle as it starts,
 * before any JavaScript runs: 70 ms of every process on this machine (`node -e 0`: about 100 ms with it,
 * 35 without), which no command measured here needs (none of them opens a TLS connection).
 */
const MACHINE_ONLY_ENV = ['NODE_EXTRA_CA_CERTS'];

/** The bench's environment for a measured process: this one's without MACHINE_ONLY_ENV, plus `extra`. */
export function measuredEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  for (const name of MACHINE_ONLY_ENV) delete env[name];
  return env;
}

/** Runs `node <nodeArgs>` as a fresh process and measures its wall time and peak memory. */
export async function measureNodeProcess(nodeArgs: string[], options: { cwd: string; env?: Record<string, string> }): Promise<ProcessMeasurement> {
  const scratch = mkdtempSync(join(tmpdir(), 'amp-dbt-bench-'));
  const rssFile = join(scratch, 'max-rss');
  try {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', preload, ...nodeArgs], {
      cwd: options.cwd,
      env: measuredEnv({ ...options.env, [RSS_FILE_ENV]: rssFile }),
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
