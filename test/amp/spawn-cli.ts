import { spawn } from 'node:child_process';
import { cliPath } from '../helpers.js';

export interface CliOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI in a child process without blocking this one (an Amp server started by the test runs in it). */
export function spawnCli(dir: string, args: string[], env: Record<string, string>): Promise<CliOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
