import type { CompileResult } from './compile-project.js';

/**
 * Models whose SQL for the target is exactly what the compile that wrote the reuse cache made: reused,
 * and so is every model upstream of them (a parent's relation name or inlined SQL is part of a child's
 * SQL). Empty when nothing was reused.
 */
export function unchangedModels(result: CompileResult): Set<string> {
  if (result.reused.size === 0) return new Set();
  const fresh = result.models.filter((m) => !result.reused.has(m.name)).map((m) => m.name);
  const affected = new Set([...fresh, ...result.graph.descendantsOfAll(fresh)]);
  return new Set(result.models.filter((m) => !affected.has(m.name)).map((m) => m.name));
}
