import { graphToJson, renderDot, renderMermaid } from '../../core/graph/render-graph.js';
import { flag, parseArgs, str, UsageError, type ParsedArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, varsOptions, varsOptionHelp, selectionOptions, selectionOptionsHelp, commitOptions, commitOptionHelp, type Command } from '../command.js';
import { openAndCompile } from '../open-project.js';
import { failedJson, finish, printJson } from '../output.js';
import { seedReaders } from '../../core/compile/compile-project.js';

const options = {
  ...projectOptions,
  ...varsOptions,
  ...selectionOptions,
  ...commitOptions,
  format: { kind: 'string' as const, short: 'f', choices: ['dot', 'mermaid', 'json'] },
  json: { kind: 'boolean' as const },
};

export const command: Command = {
  name: 'graph',
  summary: 'Print the model graph (models, their refs and sources) as Graphviz dot, mermaid or JSON.',
  usage: 'amp-dbt graph [--format dot|mermaid|json | --json] [--select SEL...] [--exclude SEL...] [--commit REF]',
  help: `  -f, --format FORMAT  mermaid (default), dot, or json ({nodes, edges, sources, seeds}); seeds a model refs are drawn too
  --json               the same as --format json
${selectionOptionsHelp}
${commitOptionHelp}
${varsOptionHelp}
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const compiled = await openAndCompile(args);
    const errors = compiled.diagnostics.sorted();
    const format = formatOf(args);
    if (format === 'json' && errors.length > 0) return failedJson({ warnings: compiled.warnings, errors });
    if (compiled.result) {
      const { graph } = compiled.result;
      const seeds = seedReaders(compiled.result);
      if (format === 'json') printJson(graphToJson(graph, compiled.selected, seeds));
      else process.stdout.write((format === 'dot' ? renderDot(graph, compiled.selected, seeds) : renderMermaid(graph, compiled.selected, seeds)).replace(/\n?$/, '\n'));
    }
    return finish({ warnings: compiled.warnings, errors });
  },
};

/** `--format FORMAT`, or `--json` (as every reporting command takes it) for `--format json`. */
function formatOf(args: ParsedArgs): string {
  const format = str(args, 'format');
  if (!flag(args, 'json')) return format ?? 'mermaid';
  if (format !== undefined && format !== 'json') throw new UsageError(`--json and --format ${format} ask for two outputs: give one`);
  return 'json';
}
