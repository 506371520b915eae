// `npm start`: runs the example project end to end on the embedded defaults (DuckDB warehouse, SQLite
// state), showing each command: compile, list, graph, seed, run, test, status, then a diff and a
// pull-request run between two commits of a temporary git repository where one model changed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../dist/bundle/main.js', import.meta.url));
const project = 'fixtures/projects/erc20_transfers';
const env = { ...process.env, AMP_DBT_REPO: 'example/erc20_transfers' };

function amp(args, cwd = root) {
  process.stdout.write(`\n$ amp-dbt ${args.join(' ')}\n`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, stdio: 'inherit', env });
  if (result.status !== 0) {
    process.stderr.write(`\nnpm start: 'amp-dbt ${args[0]}' failed with exit code ${result.status}\n`);
    process.exit(result.status ?? 1);
  }
}

function git(cwd, ...args) {
  const result = spawnSync('git', ['-c', 'user.name=amp-dbt example', '-c', 'user.email=example@amp-dbt.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`npm start: git ${args.join(' ')} failed: ${result.stderr}`);
    process.exit(1);
  }
}

// 1. Compile, select, draw; the same model as an Amp query; the header-pragma twin.
amp(['compile', '--project-dir', project]);
amp(['list', '--project-dir', project, '--select', '+fct_transfers', '--output', 'path']);
amp(['graph', '--project-dir', project, '--format', 'mermaid']);
amp(['compile', '--project-dir', project, '--select', 'token_daily_volume', '--target', 'amp', '--show-sql']);
amp(['compile', '--project-dir', 'fixtures/projects/erc20_transfers_pragma']);

// 2. In a temporary git repository (every commit is an environment): load the sample firehose data,
//    type-check, build, test and check freshness in prod.
const repo = mkdtempSync(join(tmpdir(), 'amp-dbt-example-'));
process.once('exit', () => rmSync(repo, { recursive: true, force: true }));
cpSync(join(root, project), repo, { recursive: true, filter: (path) => !path.includes('.amp-dbt') });
writeFileSync(join(repo, '.gitignore'), '.amp-dbt/\n');
git(repo, 'init', '-q', '-b', 'main');
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'erc20 transfers');
process.stdout.write(`\n# a copy of the example, committed in ${repo}\n`);
amp(['seed'], repo);
amp(['compile', '--check'], repo);
amp(['run', '--env', 'prod'], repo);
amp(['test', '--env', 'prod'], repo);
amp(['status', '--env', 'prod'], repo);

// 3. A pull request changes one model: the diff says why, and its environment builds only what changed.
const model = join(repo, 'models/marts/top_senders.sql');
writeFileSync(model, readFileSync(model, 'utf8').replace("var('top_senders_limit', 100)", "var('top_senders_limit', 100) // 10"));
git(repo, 'commit', '-q', '-am', 'top_senders: keep a tenth as many');
amp(['diff', '--base', 'HEAD~1', '--head', 'HEAD'], repo);
amp(['run', '--env', 'pr-1'], repo);
amp(['env', 'promote', 'pr-1', 'prod'], repo);
amp(['env', 'list'], repo);

process.stdout.write('\nThe example ran end to end: compiled, seeded, built, tested, checked for freshness, diffed and promoted.\n');
