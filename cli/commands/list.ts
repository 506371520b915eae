import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, commitOptions, commitOptionHelp, type Command } from '../command.js';
import { openAndCompile } from '../open-project.js';
import { failedJson, finish, printJson } from '../output.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  ...commitOptions,
  output: { kind: 'string' as const, short: 'o', choices: ['name', 'path', 'json'] },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'list',
  summary: 'List the models a selection picks, in dependency order.',
  usage: 'amp-dbt list [--select SEL...] [--exclude SEL...] [--output name|path|json | --json] [--commit REF]',
  help: `${selectionOptionsHelp}
${commitOptionHelp}
  -o, --output FORMAT  name (default), path, or json (one object per model: name, path, materialized, tags,
                       depends_on, fingerprint)
  --json               the same as --output json
${varsOptionHelp}
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const compiled = await openAndCompile(args);
    const errors = compiled.diagnostics.sorted();
    const format = formatOf(args);
    if (format === 'json' && errors.length > 0) return failedJson({ warnings: compiled.warnings, errors });
    const models = compiled.selected.map((name) => compiled.result!.byName.get(name)!);
    if (format === 'json') {
      printJson(models.map((m) => ({
        name: m.name, path: m.path, materialized: m.materialized, tags: m.tags,
        depends_on: { models: m.refs, sources: m.sources, datasets: m.datasets }, fingerprint: m.fingerprint,
      })));
    } else {
      for (const m of models) process.stdout.write((format === 'path' ? m.path : m.name) + '\n');
    }
    return finish({ warnings: compiled.warnings, errors });
  },
};

/** `--output FORMAT`, or `--json` (as every reporting command takes it) for `--output json`. */
function formatOf(args: ParsedArgs): string {
  const format = str(args, 'output');
  if (!flag(args, 'json')) return format ?? 'name';
  if (format !== undefined && format !== 'json') throw new UsageError(`--json and --output ${format} ask for two outputs: give one`);
  return 'json';
}
