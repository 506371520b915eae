// `npm start`: runs the example project end to end on the embedded defaults, showing each command.
// Today that is compile, list and graph; later steps (seed, run, test, status) join as they land.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const project = 'fixtures/projects/erc20_transfers';

const steps = [
  ['compile', '--project-dir', project],
  ['list', '--project-dir', project, '--select', '+fct_transfers', '--output', 'path'],
  ['graph', '--project-dir', project, '--format', 'mermaid'],
  ['compile', '--project-dir', project, '--select', 'token_daily_volume', '--target', 'amp', '--show-sql'],
  ['compile', '--project-dir', 'fixtures/projects/erc20_transfers_pragma'],
];

for (const args of steps) {
  process.stdout.write(`\n$ amp-dbt ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write(`\nnpm start: 'amp-dbt ${args[0]}' failed with exit code ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}
process.stdout.write('\nThe example compiled end to end. Compiled SQL is in fixtures/projects/erc20_transfers/.amp-dbt/compiled/\n');
