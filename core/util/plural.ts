/** `1 row`, `2 rows`, `1,000 rows`: a count with its noun, in the plural unless it is one. */
export function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}
