import type { MacroFile } from '../project/project-types.js';
import { macroNamesIn } from '../project/macro-names.js';
import { writtenPosition } from '../project/generic-test-blocks.js';

export type WrittenAt = { file: string; line: number; column: number };

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export { macroNamesIn } from '../project/macro-names.js';

/** The names of every macro defined in the macro files whose text `reads` (by file: every macro of it). */
export function macroNamesOfFiles(macros: readonly MacroFile[], reads: (content: string) => boolean): Set<string> {
  return new Set(macros.filter((macro) => reads(macro.content)).flatMap((macro) => macroNamesIn(macro.content)));
}

/** Whether `offset` is inside a Jinja tag (`{{ }}`, `{% %}`). */
export function insideTag(content: string, offset: number): boolean {
  const open = Math.max(content.lastIndexOf('{{', offset), content.lastIndexOf('{%', offset));
  return open >= 0 && Math.max(content.lastIndexOf('}}', offset), content.lastIndexOf('%}', offset)) < open;
}

/**
 * Where `needle` is first written inside a Jinja tag (`{{ }}`, `{% %}`), else where it is first written;
 * undefined when it is not: a name in a SQL or Jinja comment above is not where the template used it.
 */
export function writtenOffset(content: string, needle: string | RegExp): number | undefined {
  const source = typeof needle === 'string' ? escapeRegExp(needle) : needle.source;
  const flags = typeof needle === 'string' ? 'g' : needle.flags.replace('g', '') + 'g';
  let first: number | undefined;
  for (const match of content.matchAll(new RegExp(source, flags))) {
    first ??= match.index;
    if (insideTag(content, match.index)) return match.index;
  }
  return first;
}

/** Macros a model used, and the project's macro files that define them. */
export interface UsedMacroFiles {
  macros: readonly MacroFile[];
  usedMacros: Iterable<string>;
}

/**
 * Where `needle` is written in a macro file defining a macro the model used (in the order they were used):
 * where an error a macro caused is reported, with the macro's name.
 */
export function writtenInUsedMacro(needle: string | RegExp, used: UsedMacroFiles): (WrittenAt & { macro: string }) | undefined {
  for (const macro of used.usedMacros) {
    for (const file of used.macros) {
      if (!macroNamesIn(file.content).includes(macro)) continue;
      const offset = writtenOffset(file.content, needle);
      if (offset !== undefined) return { file: file.path, ...writtenPosition(file, offset), macro };
    }
  }
  return undefined;
}
