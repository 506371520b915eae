import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { test } from 'node:test';
import { commit, initRepo } from '../git/git-test-repo.js';
import { runCli } from '../helpers.js';

// README: "A hint that suggests a command repeats the --target, --profiles-dir and --project-dir the failing
// command was given". Each command runs from the project's parent folder, so a suggestion without
// --project-dir would act on no project at all.
const env = { AMP_DBT_REPO: 'acme/hints', AMP_DBT_ACTOR: 'tester', AMP_DBT_STATE_URL: '' };
const project = initRepo({ '.gitignore': '.amp-dbt/\n' });
commit(project, 'v1', {
  'dbt_project.yml': 'name: hints\n',
  'models/orders.sql': 'select 1 as id',
  'models/_models.yml': 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        tests: [not_null]\n',
});
const where = ['--project-dir', project];
const cli = (...args: string[]) => runCli([...args, ...where], { cwd: dirname(project), env });

test('the commands hints suggest repeat --project-dir, before any environment exists', () => {
  assert.match(cli('state', 'runs').stderr, new RegExp(`yet: amp-dbt run --project-dir ${project}\\n`));
  assert.match(cli('state', 'run', '9').stderr, new RegExp(`hint: list the runs: amp-dbt state runs --project-dir ${project}\\n`));
  const shown = cli('env', 'show', 'prod');
  assert.equal(shown.code, 1);
  assert.match(shown.stderr, new RegExp(`hint: build it: amp-dbt run --env prod --project-dir ${project}; or point it at a commit: amp-dbt env create prod --commit <ref> --project-dir ${project}\\n`));
  const tested = cli('test');
  assert.equal(tested.code, 1);
  assert.match(tested.stdout, new RegExp(`hint: build the environment first: amp-dbt run --env prod --project-dir ${project}\\n`));
  const testedJson = JSON.parse(cli('test', '--json').stdout) as { tests: { error: { hint: string } }[] };
  assert.equal(testedJson.tests[0]!.error.hint, `build the environment first: amp-dbt run --env prod --project-dir ${project}`);
  assert.match(cli('status').stdout, new RegExp(`yet: \`amp-dbt run --project-dir ${project}\` builds it\\n`));
});

test('drift\'s repair and environment-exists name commands that act on the same project', () => {
  assert.equal(cli('env', 'create', 'prod').code, 0);
  const exists = cli('env', 'create', 'prod');
  assert.equal(exists.code, 1);
  assert.match(exists.stderr, new RegExp(`move it to a commit: amp-dbt env rollback prod --to <ref> --project-dir ${project}; `
    + `build and move it: amp-dbt run --env prod --project-dir ${project}; or delete it first: amp-dbt env delete prod --project-dir ${project}\\n`));
  // Created over a warehouse no run built into: everything is missing, and the run that repairs it is named.
  const drift = cli('drift', '--env', 'prod');
  assert.equal(drift.code, 1);
  assert.match(drift.stderr, new RegExp(`hint: amp-dbt run --env prod --commit [0-9a-f]{12} --project-dir ${project} builds what is missing`));
  const repaired = runCli(drift.stderr.match(/hint: amp-dbt (run [^\n]+?) builds/)![1]!.split(' '), { cwd: dirname(project), env });
  assert.equal(repaired.code, 0, repaired.stderr);
  assert.equal(cli('drift', '--env', 'prod').code, 0);
});

test("run's hint to load a seed first names the seed command with --project-dir", () => {
  const seeded = initRepo({ '.gitignore': '.amp-dbt/\n' });
  commit(seeded, 'a seed', {
    'dbt_project.yml': 'name: seeded\n', 'seeds/countries.csv': 'code,name\nde,Germany\n', 'models/stg_countries.sql': 'select * from main.countries',
  });
  const run = (...args: string[]) => runCli(['run', '--project-dir', seeded, ...args], { cwd: dirname(seeded), env });
  const text = run();
  assert.equal(text.code, 1);
  assert.match(text.stderr, new RegExp(`hint: 'countries' is a seed of this project that is not loaded: run \`amp-dbt seed --project-dir ${seeded}\` first\n`));
  const json = run('--json');
  const [model] = JSON.parse(json.stdout).models as { error: string }[];
  assert.ok(model!.error.endsWith(`run \`amp-dbt seed --project-dir ${seeded}\` first`), model!.error);
});
