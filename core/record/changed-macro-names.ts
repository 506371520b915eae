/** A changed macro file: its text at the recorded ancestor and now (undefined where it does not exist). */
export interface MacroFileChange {
  before?: string;
  after?: string;
}

const macroDefinition = /\{%-?\s*macro\s+([A-Za-z_]\w*)/g;

/** Names of the macros a macro file defines. */
export function macroNamesIn(text: string): string[] {
  return [...text.matchAll(macroDefinition)].map((match) => match[1]);
}

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `duckdb__fmt` -> `fmt`: what adapter.dispatch('fmt') chooses among (undefined for other names). */
const dispatched = (name: string) => (name.indexOf('__') > 0 ? name.slice(name.indexOf('__') + 2) : undefined);

/**
 * Every macro whose output may differ from the ancestor's: those defined (before or after) in changed
 * files, then, until nothing is added, every macro of a file whose text calls one of them. Models
 * record the macros they call (`usedMacros`); this closure also covers calls a model does not record
 * (a macro calling another macro of its own file). A changed `<adapter>__name` changes every other
 * `*__name` too: adapter.dispatch('name') may now choose another one (a model records the one it got).
 */
export function changedMacroNames(changes: readonly MacroFileChange[], unchangedFiles: readonly string[]): Set<string> {
  const changed = new Set<string>();
  for (const change of changes) {
    for (const text of [change.before, change.after]) if (text !== undefined) for (const name of macroNamesIn(text)) changed.add(name);
  }
  let pending = unchangedFiles.map((text) => ({ text, names: macroNamesIn(text) })).filter((file) => file.names.length > 0);
  const choices = new Set([...changed].map(dispatched).filter((base) => base !== undefined));
  if (choices.size > 0) {
    for (const file of pending) for (const name of file.names) if (choices.has(dispatched(name) ?? '')) changed.add(name);
  }
  for (let grew = changed.size > 0; grew;) {
    grew = false;
    const calls = new RegExp(`\\b(?:${[...changed].map(escape).join('|')})\\s*\\(`);
    const next: typeof pending = [];
    for (const file of pending) {
      if (!calls.test(file.text)) {
        next.push(file);
        continue;
      }
      for (const name of file.names) changed.add(name);
      grew = true;
    }
    pending = next;
  }
  return changed;
}
