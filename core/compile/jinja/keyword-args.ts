/** A call's arguments as nunjucks passes them: keyword arguments come as a last object marked `__keywords`. */
export function keywordArgs(args: readonly unknown[]): { positional: unknown[]; kwargs: Record<string, unknown> } {
  const last = args[args.length - 1];
  if (last && typeof last === 'object' && (last as Record<string, unknown>).__keywords === true) {
    const { __keywords: _marker, ...kwargs } = last as Record<string, unknown>;
    return { positional: args.slice(0, -1), kwargs };
  }
  // No copy: ref(), var() and source() come through here for every model (70,000 times in a large compile).
  return { positional: args as unknown[], kwargs: {} };
}

/** Positional arguments with the keyword arguments among `names` put in their places (Python's binding); read-only. */
export function argsByName(args: readonly unknown[], names: readonly string[]): unknown[] {
  const { positional, kwargs } = keywordArgs(args);
  names.forEach((name, i) => { if (Object.prototype.hasOwnProperty.call(kwargs, name)) positional[i] = kwargs[name]; });
  return positional;
}

/**
 * Python's TypeError for keyword arguments a built-in method does not take: `<label>() takes no keyword arguments`
 * when it takes none (`label` as Python names the method: `str.strip`, `find`, `list.index`), else
 * `'x' is an invalid keyword argument for <name>()` for one it lacks. `allowed` 'any' takes every keyword (`dict.update`).
 */
export function failOnKeywords(args: readonly unknown[], label: string, allowed: readonly string[] | 'any' = []): void {
  const given = Object.keys(keywordArgs(args).kwargs);
  if (given.length === 0 || allowed === 'any') return;
  if (allowed.length === 0) throw new Error(`${label}() takes no keyword arguments`);
  const unknown = given.find((name) => !allowed.includes(name));
  if (unknown !== undefined) throw new Error(`'${unknown}' is an invalid keyword argument for ${label.replace(/^\w+\./, '')}()`);
}
