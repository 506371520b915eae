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
