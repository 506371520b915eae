import { parseArgs } from './args.js';
import { projectOptionsHelp, type Command, type SubcommandHelp } from './command.js';

/** `amp-dbt <command> --help`, or with a subcommand named (`env create --help`), that subcommand's own help. */
export function commandHelp(command: Command, argv: readonly string[] = []): string {
  const name = subcommandNamed(command, argv);
  const sub = name === undefined ? undefined : command.subcommands![name];
  if (!sub) return `Usage: ${command.usage}\n\n${command.summary}\n\nOptions:\n${command.help}\n`;
  return subcommandHelp(command.name, sub);
}

function subcommandHelp(group: string, sub: SubcommandHelp): string {
  const width = Math.max(...sub.examples.map((e) => e.indexOf(' #')));
  const examples = sub.examples.map((e) => {
    const at = e.indexOf(' #');
    return at < 0 ? `  ${e}` : `  ${e.slice(0, at).padEnd(width)}  ${e.slice(at + 1)}`;
  });
  return `Usage: ${sub.usage}\n\n${wrap(sub.summary)}\n\nOptions:\n${sub.options ? `${sub.options}\n` : ''}${projectOptionsHelp}\n`
    + (sub.notes ? `\n${sub.notes}\n` : '')
    + `\nExamples:\n${examples.join('\n')}\n\nRun 'amp-dbt ${group} --help' for every ${group} subcommand.\n`;
}

/** The subcommand the arguments name (the first operand), when the command has subcommands and it is one. */
function subcommandNamed(command: Command, argv: readonly string[]): string | undefined {
  if (!command.subcommands) return undefined;
  let first: string | undefined;
  try {
    first = parseArgs([...argv], command.options).positionals[0];
  } catch {
    // An option the command does not know: the first word that is no option.
    first = argv.find((arg) => !arg.startsWith('-'));
  }
  return first !== undefined && Object.hasOwn(command.subcommands, first) ? first : undefined;
}

/** A paragraph written on one line, wrapped at 110 columns as the hand-wrapped help texts are. */
function wrap(text: string, width = 110): string {
  if (text.includes('\n')) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line].join('\n');
}
