// `npm run start:amp`: the example project on Amp, against the local Amp server of fixtures/amp-server
// (Arrow Flight SQL 1602, JSON Lines 1603, Admin API 1610 over DuckDB with the sample firehose dataset):
// type check with POST /schema, register and deploy the models, watch the jobs, freshness, then a second
// environment that only tags versions.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'bundle', 'main.js');
const env = { ...process.env, AMP_DBT_REPO: 'example/erc20_transfers', AMP_TOKEN: '' };
const ports = [1602, 1603, 1610];

const listening = (port) => new Promise((resolve) => {
  const socket = connect(port, '127.0.0.1');
  socket.once('connect', () => { socket.end(); resolve(true); });
  socket.once('error', () => resolve(false));
});

for (const port of ports) {
  if (await listening(port)) {
    process.stderr.write(`npm run start:amp: port ${port} is in use; stop what listens there (another Amp server?) and retry\n`);
    process.exit(1);
  }
}
const server = spawn(process.execPath, [join(root, 'dist', 'fixtures', 'amp-server', 'main.js'), '--job-step-ms', '100'], { stdio: ['ignore', 'ignore', 'inherit'] });
const stop = () => server.kill('SIGTERM');
process.once('exit', stop);
for (let tries = 0; !(await Promise.all(ports.map(listening))).every(Boolean); tries++) {
  if (tries > 300) {
    process.stderr.write('npm run start:amp: the local Amp server did not start\n');
    process.exit(1);
  }
  await sleep(100);
}

const repo = mkdtempSync(join(tmpdir(), 'amp-dbt-example-amp-'));
process.once('exit', () => rmSync(repo, { recursive: true, force: true }));
cpSync(join(root, 'fixtures', 'projects', 'erc20_transfers'), repo, { recursive: true, filter: (path) => !path.includes('.amp-dbt') });
writeFileSync(join(repo, '.gitignore'), '.amp-dbt/\n');
const git = (...args) => spawnSync('git', ['-c', 'user.name=amp-dbt example', '-c', 'user.email=example@amp-dbt.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: repo });
git('init', '-q', '-b', 'main');
git('add', '-A');
git('commit', '-q', '-m', 'erc20 transfers');

function amp(args, { allowFailure = false } = {}) {
  process.stdout.write(`\n$ amp-dbt ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: repo, stdio: 'inherit', env });
  if (result.status !== 0 && !allowFailure) {
    process.stderr.write(`\nnpm run start:amp: 'amp-dbt ${args[0]}' failed with exit code ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}

amp(['compile', '--target', 'amp', '--check']);
amp(['run', '--target', 'amp', '--env', 'prod']);
await sleep(1500); // the local server's jobs take a few 100 ms steps
amp(['jobs', 'list']);
amp(['monitor']);
amp(['status', '--target', 'amp', '--env', 'prod'], { allowFailure: true });
amp(['plan', '--target', 'amp', '--env', 'staging']);
amp(['run', '--target', 'amp', '--env', 'staging']);
process.stdout.write('\nThe example ran on the local Amp server: checked, registered, deployed, monitored, and planned and tagged for a second environment.\n');
const exited = new Promise((resolve) => server.once('exit', resolve));
stop();
await exited;
