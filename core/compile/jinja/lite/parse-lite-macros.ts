import { BoundMacro, UNSUPPORTED_MACRO, type LiteMacro } from './lite-environment.js';
import { LiteParser, type ParsedMacroFile } from './lite-parser.js';

/**
 * The macros a macros/ file exports, as nunjucks' getExported sees them: its top-level
 * `{% macro %}` definitions (text and comments between them are ignored; a later definition of
 * a name replaces an earlier one; names starting with `_` are not exported but their siblings
 * can call them). `macros` are the ones lite can run, `unsupported` the exported names it
 * cannot (put them in LiteEnvironment.unsupportedMacros). Macros of one file resolve names in
 * that file first, as nunjucks does. Undefined when lite cannot handle the file as a whole
 * (anything but macros at the top level, a nested macro, import/raw...).
 *
 * An unsupported macro's body is skipped, not validated: only trust the result for a file
 * nunjucks also compiled (JinjaRenderer reports a diagnostic otherwise).
 */
export function parseLiteMacros(content: string): { macros: LiteMacro[]; unsupported: string[] } | undefined {
  let file: ParsedMacroFile;
  try {
    file = new LiteParser(content).parseMacroFile();
  } catch {
    return undefined;
  }
  const scope = new Map<string, unknown>();
  for (const { name, def } of file.entries) scope.set(name, def ? new BoundMacro(name, def, scope) : UNSUPPORTED_MACRO);
  const macros: LiteMacro[] = [];
  const unsupported: string[] = [];
  for (const [name, value] of scope) {
    if (name.startsWith('_')) continue;
    if (value instanceof BoundMacro) macros.push(value);
    else unsupported.push(name);
  }
  return { macros, unsupported };
}
