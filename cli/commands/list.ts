import { parseArgs, str } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, commitOptions, commitOptionHelp, type Command } from '../command.js';
import { openAndCompile } from '../open-project.js';
import { failedJson, finish, printJson } from '../output.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  ...commitOptions,
  output: { kind: 'string' as const, short: 'o', choices: ['name', 'path', 'json'] },
};

export const command: Command = {
  name: 'list',
  summary: 'List the models a selection picks, in dependency order.',
  usage: 'amp-dbt list [--select SEL...] [--exclude SEL...] [--output name|path|json] [--commit REF]',
  help: `${selectionOptionsHelp}
${commitOptionHelp}
  -o, --output FORMAT  name (default), path, or json (one object per model: name, path, materialized, tags,
                       depends_on, fingerprint)
${varsOptionHelp}
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const compiled = await openAndCompile(args);
    const errors = compiled.diagnostics.sorted();
    const format = str(args, 'output') ?? 'name';
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
