import { BackgroundFileWriter } from '../background-file-writer.js';
import { writeCompiledOutput, type CompiledFile } from '../compiled-output.js';
import { unchangedModels } from '../../core/compile/unchanged-models.js';
import type { CompileResult } from '../../core/compile/compile-project.js';
import { renderTargetSql } from '../../core/compile/target-sql.js';
import { AmpDbtError, type Diagnostics } from '../../core/errors.js';
import { flag, list, parseArgs, UsageError } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, commitOptions, commitOptionHelp, type Command } from '../command.js';
import { openAndCompile } from '../open-project.js';
import { compileTests } from '../../core/test/compile-with-tests.js';
import { compiledTestFiles } from '../compiled-tests.js';
import { info, printDiagnostics, printJson, printWarning } from '../output.js';
import { compileJson } from '../compile-json.js';
import { plural } from '../../core/util/plural.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  ...commitOptions,
  'show-sql': { kind: 'boolean' as const },
  check: { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'compile',
  summary: 'Compile models to SQL for the target and write them to .amp-dbt/compiled/<model path>.',
  usage: 'amp-dbt compile [--select SEL...] [--exclude SEL...] [--target NAME] [--vars YAML] [--commit REF] [--check] [--show-sql | --json]',
  help: `${selectionOptionsHelp}
${commitOptionHelp}
  --show-sql           print each selected model's compiled SQL to stdout (not with --json, whose models
                       carry it as "compiled_sql")
  --check              type check: bind each selected model (and what it reads) in an in-memory DuckDB
                       against the sources' declared column types; errors at the model's file and line.
                       On an amp target: registered models must be incremental SQL and pass the server's
                       POST /schema; ad-hoc ones (register: false) run as a query returning no rows
  --json               print {"project", "models", "errors"} as JSON on stdout (nothing else; with
                       --check also "check": {"passed", "failed", "skipped", "notChecked",
                       "missingColumns", "typeMismatches", "warnings", "summary"})
${varsOptionHelp}
${projectOptionsHelp}

Tests are compiled too: a mistake in one is an error of compile. Their SQL, as 'amp-dbt test' runs it
against prod, is written to .amp-dbt/compiled/<test file> (tests/*.sql) and, for a generic test from a
property file, .amp-dbt/compiled/<property file>/<test name>.sql (as dbt writes it); --select and --exclude
choose tests as 'amp-dbt test' does (none while the project has errors, none on an amp target).
Every error in the project is reported at once, as file:line:col; the exit code is 1 when there are any.`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    // One output, as the usage says (--show-sql | --json), as diff's: --show-sql beside --json was silently ignored.
    if (flag(args, 'show-sql') && flag(args, 'json')) {
      throw new UsageError('choose one of --show-sql and --json (with --json, each model\'s SQL is its "compiled_sql")');
    }
    const started = performance.now();
    const compiled = await openAndCompile(args, { deferCacheSave: true });
    const { result, diagnostics } = compiled;
    const sql = new Map<string, string>();
    let compiledCount = 0;
    // A profile or --target that cannot be used is reported; SQL for the embedded default in its place is not written.
    const targetMissing = result !== null && compiled.profile?.unusable === true;
    const modelErrors = diagnostics.hasErrors;
    // Tests are compiled too: a mistake in one is reported now, not by the first `test`, and their SQL is written.
    const tests = result && !targetMissing ? compileTests(result, compiled.compileOptions!, diagnostics) : null;
    // As `test` runs none while the project has errors, no test's SQL is written then.
    const testFiles = tests && !diagnostics.hasErrors ? compiledTestFiles(tests, list(args, 'select'), list(args, 'exclude')) : [];
    if (result && !targetMissing) {
      // A model with an error in its file (an undefined var, say: the model still renders) is not compiled:
      // no SQL of it is printed, written or counted.
      const withErrors = new Set(diagnostics.items.map((d) => d.file));
      const selected = compiled.selected.filter((name) => !withErrors.has(result.byName.get(name)!.path));
      let failed = 0;
      // Texts that are only written are made with renderTargetSql directly: result.targetSql would keep all
      // 10,000 of them in its cache until the process ends, for the garbage collector to copy around.
      const sqlOf = (name: string, keep: boolean): string | null => {
        try {
          return keep ? result.targetSql(name) : renderTargetSql(result.byName.get(name)!, result.sqlContext);
        } catch (error) {
          if (!(error instanceof AmpDbtError)) throw error;
          diagnostics.capture(error, { file: result.byName.get(name)!.path });
          failed++;
          return null;
        }
      };
      // Printed SQL needs every text; otherwise texts the last compile wrote are not made again.
      const printed = flag(args, 'json') || flag(args, 'show-sql');
      const unchanged = printed ? new Set<string>() : unchangedModels(result);
      // The hash of an unchanged model's file as the compile that wrote the partial-compile cache made it.
      const knownHash = (name: string, path: string) => (unchanged.has(name) ? compiled.writtenHash(path) : undefined);
      const files: CompiledFile[] = [];
      if (printed) {
        for (const name of selected) {
          const text = sqlOf(name, true);
          if (text !== null) sql.set(name, text);
          if (text !== null) files.push({ path: result.byName.get(name)!.path, text: () => text + '\n' });
        }
        files.push(...testFiles);
      }
      const toWrite = printed ? files : (function* (): Iterable<CompiledFile> {
        for (const name of selected) {
          const path = result.byName.get(name)!.path;
          yield { path, hash: knownHash(name, path), text: () => { const text = sqlOf(name, false); return text === null ? null : text + '\n'; } };
        }
        yield* testFiles;
      })();
      // Every model compiled without errors: files left by earlier compiles for models (and tests) gone since go too.
      const everyModel = compiled.selected.length === result.models.length && !modelErrors;
      // Many files are written on a worker thread, while this one makes the next texts and saves the cache.
      const writer = new BackgroundFileWriter();
      try {
        const { hashes } = writeCompiledOutput(result.project.root, toWrite, { removeOthers: everyModel, writer });
        compiled.saveCache(hashes);
        await writer.finish();
      } catch (error) {
        await writer.abort();
        throw error;
      }
      compiledCount = selected.length - failed;
    }
    compiled.saveCache();
    const check = result && flag(args, 'check')
      ? result.target.type === 'amp' ? await (await import('../amp-check.js')).ampCheck(result, compiled.selected, diagnostics) : await typeCheck(result, compiled.selected, diagnostics)
      : undefined;
    const errors = diagnostics.sorted();
    // Warnings go to stderr with --json too: stdout holds only the JSON.
    for (const warning of compiled.warnings) printWarning(warning);
    if (check) for (const warning of check.warnings) printWarning(warning);
    if (flag(args, 'json')) {
      printJson(check ? { ...compileJson(compiled, sql, errors), check } : compileJson(compiled, sql, errors));
      return errors.length ? 1 : 0;
    }
    if (flag(args, 'show-sql')) {
      for (const [name, text] of sql) process.stdout.write(`-- ${result!.byName.get(name)!.path}\n${text}\n\n`);
    }
    printDiagnostics(errors);
    if (result && !targetMissing) {
      const ms = Math.round(performance.now() - started);
      const at = compiled.commit ? ` at commit ${compiled.commit.slice(0, 12)}` : '';
      // With errors, models that did not compile are not among result.models: count the enabled model files instead.
      const total = errors.length ? result.project.models.length - result.disabled.size : result.models.length;
      const outcome = errors.length ? `; ${plural(errors.length, 'error')}` : '';
      const withTests = testFiles.length > 0 ? ` with ${plural(testFiles.length, 'test')}` : '';
      info(`compiled ${compiledCount} of ${total} models${withTests}${at} for target '${result.target.name}' (${result.target.type}) in ${ms} ms -> .amp-dbt/compiled/${outcome}`);
    }
    if (check) info(check.summary);
    return errors.length ? 1 : 0;
  },
};

/** `--check`: the type check (core/check), loaded only when asked for. */
async function typeCheck(result: CompileResult, selected: string[], diagnostics: Diagnostics) {
  const { typeCheckProject } = await import('../../core/check/type-check-project.js');
  const { checkSummary, checkWarnings } = await import('../../core/check/describe-check.js');
  const outcome = await typeCheckProject(result, selected, diagnostics, { baseDir: result.project.root });
  return { ...outcome, warnings: checkWarnings(outcome), summary: checkSummary(outcome) };
}

