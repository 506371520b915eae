import { plural } from '../../core/util/plural.js';
import { AmpDbtError, Diagnostics, formatDiagnostic, type Diagnostic } from '../../core/errors.js';
import { compileProject, type CompileResult } from '../../core/compile/compile-project.js';
import { builtRelations } from '../../core/compile/relation-clashes.js';
import type { Target } from '../../core/project/project-types.js';
import type { SeedResult } from '../../core/seed/seed-file.js';
import { projectNaming } from '../../core/compile/naming-macros.js';
import { outermost, tablesKeepingRows } from '../../core/seed/tables-keeping-rows.js';
import { seedProject } from '../../core/seed/seed-project.js';
import { openWarehouse } from '../../core/warehouse/open-warehouse.js';
import { flag, list, parseArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, type Command } from '../command.js';
import { openProject } from '../open-project.js';
import { info, printDiagnostics, printJson, printWarning } from '../output.js';
import { RunningWork } from '../running-work.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  select: { kind: 'list' as const, short: 's' },
  // dbt's: a seed whose columns changed is dropped and created. Here every load replaces the table whole.
  'full-refresh': { kind: 'boolean' as const },
  json: { kind: 'boolean' as const },
};


export const command: Command = {
  name: 'seed',
  summary: 'Load the CSV and Parquet files under the seed paths into the warehouse as tables (sample data for sources, lookups).',
  usage: 'amp-dbt seed [--select NAME...] [--target NAME] [--full-refresh] [--json]',
  help: `  -s, --select NAME... seeds to load: file names without extension (logs), source tables (eth_firehose.logs)
                       or paths (seeds/eth_firehose/logs.csv); default: every seed
  --full-refresh       accepted as dbt's: every load replaces the table whole (new columns included) anyway
  --json               print {"target" (the target's name), "seeds": [{file, relation, schema, table,
                       source, rows, status, error?, ms}], "summary", "errors"}
                       on stdout (nothing else)
${varsOptionHelp}
${projectOptionsHelp}

seeds/<source>/<table>.csv, for a source and table declared in a property file, is loaded into that
table's own relation (the source's schema, e.g. "_/eth_firehose@1.0.0"."logs") with its declared column
types; any other seed becomes table <file name> in the target's schema. Undeclared types are inferred;
binary values are written as 0x-prefixed hex. Each table is replaced atomically: a file that does not
load leaves the old table as it was. A seed loaded as its own table is part of the models reading it
(its file's content and column types count in their fingerprints): after its file changed, run builds new
versions of them. Its table is one per target schema, shared by every environment. Exit code 1 when any seed fails. While a file loads, stderr shows it
(on a terminal a status line with its elapsed time, otherwise a line after 30 s and every 60 s after).`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const json = flag(args, 'json');
    const { project, profile, diagnostics } = await openProject(args);
    // A profile or target that cannot be used: nothing is loaded into the embedded default in its place.
    if (!project || !profile || profile.unusable) return failed(json, profile?.target.name ?? null, diagnostics.sorted());
    let adapter;
    try {
      adapter = await openWarehouse(profile.target, { baseDir: project.root });
    } catch (error) {
      // The one error that stops the command is said as run says it (no count after it), unless others come with it.
      if (!(error instanceof AmpDbtError) || (!json && !diagnostics.hasErrors)) throw error;
      return failed(json, profile.target.name, [...diagnostics.sorted(), error.toDiagnostic()]);
    }
    const started = performance.now();
    // While a file loads: on a terminal a status line with its time, otherwise a line every minute after 30 s.
    const work = new RunningWork();
    try {
      const compiled = compileProject(project, { target: profile.target, env: process.env }, new Diagnostics());
      const report = await seedProject(project, profile.target, adapter, {
        naming: projectNaming(project, profile.target, process.env, diagnostics),
        modelRelations: modelRelations(compiled, profile.target),
        select: list(args, 'select'),
        warn: json ? undefined : (message) => work.above(() => printWarning(message)),
        onStart: (seed) => work.start(seed.name),
        onResult: (result) => work.finish(result.seed.name, json ? undefined : () => printResult(result)),
      });
      work.close();
      const errors = [...diagnostics.sorted(), ...report.errors];
      const loaded = report.results.filter((r) => r.status === 'ok');
      const summary = { total: report.results.length, ok: loaded.length, error: report.results.length - loaded.length, rows: loaded.reduce((n, r) => n + (r.rows ?? 0), 0) };
      // On stderr with --json too.
      for (const warning of report.unmatchedWarnings) printWarning(warning);
      if (json) {
        // `target` is the target's name, as in the --json of run, env, state, status, drift and test.
        printJson({ target: profile.target.name, seeds: report.results.map(seedJson), summary, errors });
      } else {
        if (report.results.length === 0 && report.unmatched.length === 0) info(`no .csv or .parquet files under ${project.seedPaths.join(', ')}`);
        printDiagnostics(errors);
        const failedPart = (summary.error ? `, ${summary.error} failed` : '') + (report.errors.length ? `, ${plural(report.errors.length, 'error')}` : '');
        info(`Done: ${plural(summary.ok, 'seed')} loaded (${plural(summary.rows, 'row')})${failedPart} into target '${profile.target.name}' in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        const kept = tablesKeepingRows(compiled, loaded.map((r) => r.seed));
        if (kept.length > 0) {
          const [tables, them] = kept.length === 1 ? [`table ${kept[0]}`, 'it'] : [`tables ${kept.join(', ')}`, 'them'];
          // A seed loaded as its own table is part of its readers' versions (a changed file makes new ones); a source's rows are not.
          info(`note: 'amp-dbt run' rebuilds a table only when its model changes (dbt rebuilds every table), so ${tables}, reading the source tables these seeds fill, keep${kept.length === 1 ? 's' : ''} the rows`
            + ` a run built before this load gave ${them}; to rebuild ${them} and what reads ${them}: amp-dbt run --full-refresh --select ${outermost(compiled, kept).map((name) => `${name}+`).join(' ')}`);
        }
      }
      return summary.error > 0 || errors.length > 0 ? 1 : 0;
    } finally {
      work.close();
      await adapter.close();
    }
  },
};

/** `seed logs -> "_/eth_firehose@1.0.0"."logs" (3,000 rows) ... ok`, or ERROR with the problem under it. */
function printResult(result: SeedResult): void {
  if (result.status === 'ok') {
    info(`seed ${result.seed.name} -> ${result.relation} (${plural(result.rows ?? 0, 'row')}) ... ok`);
    return;
  }
  info(`seed ${result.seed.name} -> ${result.relation} ... ERROR`);
  info(`  ${formatDiagnostic(result.error!).replace(/\n/g, '\n  ')}`);
}

function seedJson(result: SeedResult) {
  return {
    file: result.seed.path,
    relation: result.relation,
    schema: result.seed.schema,
    table: result.seed.identifier,
    source: result.seed.source ?? null,
    rows: result.rows,
    status: result.status,
    ...(result.error ? { error: result.error } : {}),
    ms: result.ms,
  };
}

/** Nothing is loaded: with --json, the report's shape (its target too, null when the profile gave none) with the errors. */
function failed(json: boolean, target: string | null, errors: Diagnostic[]): number {
  if (json) printJson({ target, seeds: [], summary: { total: 0, ok: 0, error: 0, rows: 0 }, errors });
  else printDiagnostics(errors);
  return 1;
}

/**
 * Where the project's models are built, from a compile whose own errors are compile's to report: a seed
 * is not loaded over a model's view.
 */
function modelRelations(compiled: CompileResult, target: Target): Map<string, string> {
  return builtRelations(compiled.models, target);
}
