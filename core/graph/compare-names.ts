/** Code-unit order (not locale order), so every machine sorts names the same way. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
