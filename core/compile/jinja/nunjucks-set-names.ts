interface Node { typename: string; fields: string[]; [field: string]: unknown }

/**
 * The names `{% set %}` tags in `node` give values to (a namespace's attribute is not a name), outside the
 * nodes whose typename is in `scopes`: those keep what they set to themselves (a macro, a nested for loop).
 */
export function namesSetIn(node: unknown, scopes: ReadonlySet<string>, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) namesSetIn(item, scopes, names);
  } else if (node && typeof node === 'object' && 'typename' in node) {
    const { typename, fields, targets } = node as Node & { targets?: Node[] };
    if (scopes.has(typename)) return names;
    if (typename === 'Set') for (const target of targets ?? []) if (target.typename === 'Symbol') names.add(String(target.value));
    for (const field of fields) namesSetIn((node as Node)[field], scopes, names);
  }
  return names;
}

/** The names `node` reads anywhere in it (macros and nested loops too): its symbols but those `{% set %}` gives values to. */
function namesReadIn(node: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) namesReadIn(item, names);
  } else if (node && typeof node === 'object' && 'typename' in node) {
    const { typename, fields, value } = node as Node;
    if (typename === 'Symbol') names.add(String(value));
    for (const field of fields) if (!(typename === 'Set' && field === 'targets')) namesReadIn((node as Node)[field], names);
  }
  return names;
}

/**
 * The names of `names` that the statements of a block may read before the block sets them: read anywhere in a
 * statement before the first `{% set %}` of the name among the block's own statements (one inside an if may not run).
 * The others' values from outside the block are never read (`{% set sql = c | upper %}{{ sql }}`).
 */
export function namesReadBeforeSet(block: { children: unknown[] }, names: Iterable<string>): Set<string> {
  const pending = new Set(names);
  const read = new Set<string>();
  for (const statement of block.children) {
    if (!pending.size) break;
    const reads = namesReadIn(statement);
    for (const name of pending) {
      if (reads.has(name)) {
        read.add(name);
        pending.delete(name);
      }
    }
    const { typename, targets } = statement as Node & { targets?: Node[] };
    if (typename === 'Set') for (const target of targets ?? []) if (target.typename === 'Symbol') pending.delete(String(target.value));
  }
  return read;
}
