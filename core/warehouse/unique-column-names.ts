/**
 * Result column names made unique so every column has its own key in a row object: a repeated name gets
 * `_1`, `_2`, ... (`SELECT 1 AS a, 2 AS a` reads as `a` and `a_1` from every warehouse).
 */
export function uniqueColumnNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let unique = name;
    for (let n = 1; taken.has(unique); n++) unique = `${name}_${n}`;
    taken.add(unique);
    return unique;
  });
}
