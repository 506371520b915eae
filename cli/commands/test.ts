import { Diagnostics, AmpDbtError, type Diagnostic } from '../../core/errors.js';
import { checkEnvironmentName } from '../../core/environments/check-environment-name.js';
import { PRODUCTION_ENVIRONMENT } from '../../core/run/environment-schema.js';
import { collectDataTests } from '../../core/test/collect-data-tests.js';
import { chooseTests } from '../../core/test/choose-tests.js';
import { compileWithTests } from '../../core/test/compile-with-tests.js';
import { renderTestOutcome, renderTestSummary } from '../../core/test/render-test-outcome.js';
import { runDataTests } from '../../core/test/run-data-tests.js';
import { TestRelations } from '../../core/test/test-relations.js';
import { testReportJson } from '../../core/test/test-json.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { flag, list, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, type Command } from '../command.js';
import { openProject } from '../open-project.js';
import { info, printDiagnostics, printJson, printWarning, withCarriedOptions } from '../output.js';
import { RunningWork } from '../running-work.js';
import { printTemplateLog } from '../template-log.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  env: { kind: 'string' as const, short: 'e' },
  threads: { kind: 'string' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'test',
  summary: "Run data tests (generic tests from property files: built in, or {% test %} blocks of the project; singular tests in tests/) against an environment's relations.",
  usage: 'amp-dbt test [--env NAME] [--select SEL...] [--exclude SEL...] [--target NAME] [--threads N] [--json]',
  help: `  -e, --env NAME       the environment whose relations are tested (default: prod, the target's own schemas;
                       another environment reads <schema>__<env>)
${selectionOptionsHelp}
  --threads N          tests run at once (default: the target's threads, else 1)
  --json               print {"environment", "target", "tests", "summary", "errors"} as JSON on stdout (nothing else)
${varsOptionHelp}
${projectOptionsHelp}

Which tests run: all without --select or --exclude; else a test runs when a model it reads is selected
(its own model, a relationships test's to: model, a singular test's refs) and none it reads is excluded, as
dbt's default (eager) selection. Tests of sources run without --select, or when their table is selected:
source:NAME[.TABLE] (which also selects the models reading that source, as in every command), tag:X of the
table or its source, or +model of a model reading it. A test's own name (or a glob of names: 'unique_*')
or one of its own tags (tag:X) selects or excludes those tests, a seed's name the tests on it.

One line per test: PASS, FAIL (with the number of failing rows and up to 5 of them), WARN (a failing test
with severity: warn) or ERROR (it could not run, e.g. the environment is not built). Nothing is recorded.
Exit code 1 when any test fails or errors. While tests run, stderr shows them (on a terminal a status line
with their elapsed times, otherwise a line for a test still running after 30 s and every 60 s after).`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const json = flag(args, 'json');
    const environment = str(args, 'env') ?? PRODUCTION_ENVIRONMENT;
    checkEnvironmentName(environment);
    const threadsOption = str(args, 'threads');
    if (threadsOption !== undefined && !/^[1-9]\d*$/.test(threadsOption)) throw new UsageError(`--threads takes a positive whole number, not '${threadsOption}'`);
    const { project, profile, diagnostics } = await openProject(args);
    const where = () => ({ environment, target: profile?.target.name ?? null });
    if (!project || !profile) return failed(json, where(), diagnostics);
    const deployed = await deployedCommit(args, environment);
    if (deployed && deployed.commit !== deployed.head) {
      printWarning(`environment '${environment}' points at ${deployed.commit.slice(0, 12)}, not at HEAD (${deployed.head?.slice(0, 12) ?? 'no commit'}): `
        + `the tests are the working tree's, so a model or column that commit lacks fails (check out ${deployed.commit.slice(0, 12)} to run its own tests)`);
    }
    const compiled = compileWithTests(project, {
      target: profile.target, env: process.env, useFastPath: process.env.AMP_DBT_NO_FAST_PATH !== '1', onLog: printTemplateLog,
    }, diagnostics);
    if (diagnostics.hasErrors) return failed(json, where(), diagnostics);
    const { result } = compiled;
    const { tests, warnings } = chooseTests(compiled, collectDataTests(compiled), list(args, 'select'), list(args, 'exclude'));
    for (const warning of warnings) printWarning(warning);
    const threads = Number(threadsOption ?? profile.target.threads ?? 1) || 1;
    const started = performance.now();
    let adapter;
    try {
      adapter = await openWarehouse(profile.target, { baseDir: project.root, threads });
    } catch (error) {
      // Said as run says it: one error, no count after it.
      if (!(error instanceof AmpDbtError) || !json) throw error;
      return failed(json, where(), undefined, [error.toDiagnostic()]);
    }
    try {
      if (!json) info(`testing environment '${environment}' on target '${profile.target.name}' (${adapter.type}, ${adapter.location}): ${tests.length} test${tests.length === 1 ? '' : 's'}`);
      const relations = new TestRelations(result, environment);
      // While a test runs: on a terminal a status line with its time (stderr), otherwise a line every minute after 30 s.
      const work = new RunningWork();
      const onOutcome = json ? undefined
        : (outcome: Parameters<typeof renderTestOutcome>[0]) => work.above(() => process.stdout.write(withCarriedOptions(renderTestOutcome(outcome).join('\n')) + '\n'));
      const { outcomes, summary } = await runDataTests(tests, adapter, relations, {
        threads, onOutcome, onStart: (t) => work.start(t.name), onFinish: (t) => work.finish(t.name),
      }).finally(() => work.close());
      // Each test's error hint names its command with this invocation's options, as the text lines do.
      const carried = outcomes.map((o) => (o.error?.hint ? { ...o, error: { ...o.error, hint: withCarriedOptions(o.error.hint) } } : o));
      if (json) printJson(testReportJson(environment, profile.target, carried, summary));
      else process.stdout.write(renderTestSummary(summary, performance.now() - started) + '\n');
      return summary.fail + summary.error > 0 ? 1 : 0;
    } finally {
      await adapter.close();
    }
  },
};

/**
 * The project does not compile or the warehouse cannot be opened: no test runs. With --json, the report's
 * shape (its environment and target too, null when the profile gave none) with the errors.
 */
function failed(json: boolean, where: { environment: string; target: string | null }, diagnostics?: Diagnostics, extra: Diagnostic[] = []): number {
  const errors = [...(diagnostics?.sorted() ?? []), ...extra];
  if (json) printJson({ ...where, tests: [], summary: { total: 0, pass: 0, fail: 0, warn: 0, error: 0 }, errors });
  else printDiagnostics(errors);
  return 1;
}

/**
 * The commit the environment points at and HEAD's, when the state database knows the environment. A
 * mistyped `--env` (one the state database does not know, when it knows others, or only other targets have
 * it) is an error; without a state database (or outside git), nothing is known or checked.
 */
async function deployedCommit(args: ParsedArgs, environment: string): Promise<{ commit: string; head: string | null } | null> {
  const { openStateSession } = await import('../open-state.js');
  const { checkEnvironmentKnown } = await import('../../core/environments/check-environment-known.js');
  let session;
  try {
    session = await openStateSession(args, new Diagnostics(), { outsideGit: true });
  } catch {
    return null;
  }
  if (!session) return null;
  try {
    if (environment !== PRODUCTION_ENVIRONMENT) {
      const { withWorktreeStateNote } = await import('../worktree-state-note.js');
      await checkEnvironmentKnown(session.store, session.repo, environment).catch((error: unknown) => {
        throw withWorktreeStateNote(error, session);
      });
    }
    const found = await session.store.getEnvironment(session.repo, environment);
    if (!found || !session.repoRoot) return null;
    const { readRefDirect } = await import('../../core/git/read-ref.js');
    return { commit: found.commit, head: readRefDirect(session.repoRoot, 'HEAD') ?? null };
  } finally {
    await session.store.close();
  }
}
