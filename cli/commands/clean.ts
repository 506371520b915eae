import { rmSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { flag, parseArgs } from '../args.js';
import { projectOptions, projectOptionsHelp, type Command } from '../command.js';
import { openProject } from '../open-project.js';
import { info, printDiagnostics, printJson } from '../output.js';

const options = { ...projectOptions, json: { kind: 'boolean' as const } };

/** Never removed by clean: state and warehouse data are not build output. */
const protectedPaths = ['.amp-dbt/state.db', '.amp-dbt/warehouse.duckdb', '.amp-dbt'];

export const command: Command = {
  name: 'clean',
  summary: 'Remove compiled output: .amp-dbt/compiled/ and the clean-targets of dbt_project.yml. State and warehouse files are kept.',
  usage: 'amp-dbt clean [--project-dir DIR] [--json]',
  help: `  --json               print the removed paths as JSON
${projectOptionsHelp}`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    const { project, diagnostics } = await openProject(args);
    if (!project) {
      printDiagnostics(diagnostics.sorted());
      return 1;
    }
    const targets = ['.amp-dbt/compiled', ...(project.cleanTargets ?? [])];
    const removed: string[] = [];
    for (const target of targets) {
      const abs = resolve(project.root, target);
      const rel = relative(project.root, abs);
      if (!rel || rel.startsWith('..') || isAbsolute(rel) || protectedPaths.includes(rel.split('\\').join('/'))) {
        info(`skipped '${target}': clean only removes build output inside the project`);
        continue;
      }
      rmSync(abs, { recursive: true, force: true });
      removed.push(rel);
    }
    if (flag(args, 'json')) printJson({ removed });
    else for (const path of removed) info(`removed ${path}`);
    return 0;
  },
};
