/** The names of the macros a macro file defines (`{% macro name(...) %}`), in order. */
export function macroNamesIn(content: string): string[] {
  return [...content.matchAll(/\{%-?\s*macro\s+([A-Za-z_]\w*)/g)].map((m) => m[1]);
}
