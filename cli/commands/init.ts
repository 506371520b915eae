import { existsSync, statSync, writeFileSync } from 'node:fs';
import { makeFolders } from '../../core/util/make-folders.js';
import { basename, dirname, join, resolve } from 'node:path';
import { findProjectDir } from '../../core/project/find-project-dir.js';
import { flag, parseArgs, str, UsageError } from '../args.js';
import type { Command } from '../command.js';
import { info, printJson } from '../output.js';
import { AmpDbtError } from '../../core/errors.js';
import { findRepoRoot } from '../../core/git/find-repo-root.js';
import { starterProject } from '../starter-project.js';

/** What a project name may be: letters, digits and underscores, not starting with a digit. */
const PROJECT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const options = {
  help: { kind: 'boolean' as const, short: 'h' },
  json: { kind: 'boolean' as const },
  'project-dir': { kind: 'string' as const },
};

export const command: Command = {
  name: 'init',
  summary: 'Create a new project folder that compiles and runs on the embedded DuckDB target (no server needed).',
  usage: 'amp-dbt init [name] [--project-dir DIR] [--json]',
  help: `  name                 the project name: letters, digits and _ (default: the folder's name, or my_project)
  --project-dir DIR    the folder to create the project in (default: ./<name>); not a folder inside
                       another project, which would read the new one's files as its own
  --json               print the created files as JSON
  -h, --help           show this help`,
  options,
  async run(argv) {
    const args = parseArgs(argv, options);
    if (args.positionals.length > 1) throw new UsageError('init takes one project name');
    const dir = str(args, 'project-dir');
    // Without a name, the folder's (as a project name), else my_project.
    const fromFolder = dir ? basename(resolve(dir)).replace(/\W+/g, '_') : '';
    const name = args.positionals[0] ?? (PROJECT_NAME.test(fromFolder) ? fromFolder : 'my_project');
    if (!PROJECT_NAME.test(name)) {
      // `init my-shop`: the name dbt would take, and how to keep the folder's own name.
      const usable = name.replace(/\W+/g, '_');
      const instead = PROJECT_NAME.test(usable) ? `, e.g. '${usable}'${dir ? '' : ` (amp-dbt init ${usable} --project-dir ${shellWord(name)} keeps the folder's name)`}` : '';
      throw new UsageError(`'${name}' is not a valid project name: use letters, digits and underscores, starting with a letter${instead}`);
    }
    const root = resolve(dir ?? name);
    // The command line is right, the folder is not: errors about it (exit code 1), not usage errors.
    const refuse = (message: string, hint: string) => new AmpDbtError('init-refused', message, { hint });
    if (existsSync(root) && !statSync(root).isDirectory()) throw refuse(`${root} is a file, not a folder`, 'give init a folder to create the project in');
    if (existsSync(join(root, 'dbt_project.yml'))) throw refuse(`${root} already holds a dbt_project.yml`, 'it is a project already: cd into it, or give init another name or --project-dir');
    // A project inside another is read as part of it: its dbt_project.yml as a property file, its models twice.
    const enclosing = findProjectDir(dirname(root));
    if (enclosing) {
      throw refuse(`${root} is inside the project ${enclosing} (it holds a dbt_project.yml), which would read the new project's files as its own`, 'create it outside that folder');
    }
    const files = starterProject(name);
    // Into a folder that has files already: none of them is overwritten.
    const taken = Object.keys(files).filter((path) => existsSync(join(root, path)));
    if (taken.length > 0) throw refuse(`${root} already holds ${taken.join(', ')}: init would overwrite ${taken.length === 1 ? 'it' : 'them'}`, `choose another folder, or move ${taken.length === 1 ? 'it' : 'them'} away`);
    for (const [path, text] of Object.entries(files)) {
      makeFolders(join(root, path, '..'));
      writeFileSync(join(root, path), text);
    }
    if (flag(args, 'json')) printJson({ root, files: Object.keys(files) });
    else {
      // Environments point at commits: outside a git repository, the next steps make one.
      const git = findRepoRoot(root) ? '' : 'git init -q && git add -A && git commit -qm start && ';
      info(`created ${root} with ${Object.keys(files).length} files\nnext: cd ${shellWord(dir ?? name)} && ${git}amp-dbt run && amp-dbt test`);
    }
    return 0;
  },
};

/** `word` as a shell reads it back: quoted when it holds anything but plain path characters. */
function shellWord(word: string): string {
  return /^[\w./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
