import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Command } from '../../cli/command.js';
import { command as env } from '../../cli/commands/env.js';
import { command as jobs } from '../../cli/commands/jobs.js';
import { command as state } from '../../cli/commands/state.js';
import { repoRoot, runCli } from '../helpers.js';

test("<group> <subcommand> --help prints the subcommand's own usage, options and examples, not the group's", () => {
  const create = runCli(['env', 'create', '--help']);
  assert.equal(create.code, 0, create.stderr);
  assert.match(create.stdout, /^Usage: amp-dbt env create NAME \[--commit REF\|ENV\] \[--full\] \[--json\]\n\nA new environment at --commit/);
  assert.match(create.stdout, /\n {2}--commit REF\|ENV +the commit to point at/);
  assert.match(create.stdout, /\n {2}--project-dir DIR +the project folder/, 'the project options too');
  assert.match(create.stdout, /\nExamples:\n {2}amp-dbt env create pr-123 +# at HEAD\n/);
  assert.match(create.stdout, /\nRun 'amp-dbt env --help' for every env subcommand\.\n$/);
  for (const other of ['--expect', '--force', '--to REF', 'promote FROM TO']) assert.ok(!create.stdout.includes(other), `not ${other}`);
  assert.match(runCli(['state', 'record', '--help']).stdout, /^Usage: amp-dbt state record \[--commit REF\] \[--full\] \[--json\]\n[^]*\n {2}--full +render every model[^]*AMP_DBT_STATE_URL/);
  assert.ok(!runCli(['state', 'record', '--help']).stdout.includes('--limit'), "runs' options are not record's");
  assert.match(runCli(['jobs', 'resume', '-h']).stdout, /^Usage: amp-dbt jobs resume MODEL \[--env NAME\] \[--end-block B\] \[--json\]\n/);
  // Wherever the subcommand is among the arguments, and through `amp-dbt help`, as git has it.
  assert.match(runCli(['env', '--project-dir', '/nowhere', 'rollback', '--help']).stdout, /^Usage: amp-dbt env rollback /);
  assert.match(runCli(['help', 'env', 'history']).stdout, /^Usage: amp-dbt env history NAME \[--json\]\n/);
  // The group alone, or a word that is no subcommand, is the group's help.
  for (const args of [['env', '--help'], ['env', 'lst', '--help'], ['help', 'env']]) {
    assert.match(runCli(args).stdout, /^Usage: amp-dbt env list \[--json\]\n {7}amp-dbt env show NAME/, args.join(' '));
  }
});

test("every subcommand's help names the options its usage shows, the group takes them, and the group's usage is theirs", () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  for (const group of [env, state, jobs] as Command[]) {
    const subcommands = Object.entries(group.subcommands!);
    assert.ok(subcommands.length > 0, group.name);
    for (const [name, help] of subcommands) {
      assert.ok(help.usage.startsWith(`amp-dbt ${group.name} ${name}`), help.usage);
      assert.ok(help.examples.length > 0 && help.examples.every((e) => e.startsWith(`amp-dbt ${group.name} ${name}`)), `${name}'s examples`);
      for (const [, option] of help.usage.matchAll(/--([a-z-]+)/g)) {
        assert.match(help.options, new RegExp(`^ {2}(-\\w, )?--${option}\\b`, 'm'), `${group.name} ${name}: --${option} in its options`);
        assert.ok(Object.hasOwn(group.options, option), `${group.name} takes --${option}`);
      }
      for (const [, option] of help.options.matchAll(/^ {2}(?:-\w, )?--([a-z-]+)/gm)) {
        assert.ok(help.usage.includes(`--${option}`), `${group.name} ${name}: --${option} in its usage`);
      }
      if (group.name === 'jobs') continue;
      assert.ok(group.usage.split('\n').map((line) => line.trim()).includes(help.usage), `${group.name} usage has ${help.usage}`);
      assert.ok(readme.includes(`| \`${help.usage.replace(/\|/g, '\\|')}\` |`), `README row for: ${help.usage}`);
    }
  }
});
