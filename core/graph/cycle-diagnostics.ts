import { CycleError, type Diagnostic } from '../errors.js';
import type { ModelGraph } from './model-graph.js';

/** One `cycle` diagnostic per distinct cycle, at the ref from the cycle's first model to the next. */
export function cycleDiagnostics(graph: ModelGraph): Diagnostic[] {
  return graph.findCycles().map((cycle) => cycleDiagnostic(graph, cycle));
}

/** `a -> b -> c -> a` for the cycle ['a', 'b', 'c'] (a refs b, b refs c, c refs a). */
export function formatCycle(cycle: string[]): string {
  return [...cycle, cycle[0]].join(' -> ');
}

/** `importers`: the models written with header pragmas, whose references are `@import` lines, not refs. */
export function cycleDiagnostic(graph: ModelGraph, cycle: string[], importers: ReadonlySet<string> = new Set()): Diagnostic {
  const from = cycle[0];
  const to = cycle[1 % cycle.length];
  const node = graph.node(from);
  const locations = node?.parentLocations ?? {};
  const location = Object.hasOwn(locations, to) ? locations[to] : { file: node?.path ?? '', line: 1, column: 1 };
  return {
    file: location.file,
    line: location.line,
    column: location.column,
    code: 'cycle',
    message: `dependency cycle: ${formatCycle(cycle)}`,
    hint: cycleHint(cycle, importers),
  };
}

/** The error `topologicalOrder` throws for a graph with a cycle. */
export function cycleError(graph: ModelGraph, cycle: string[]): CycleError {
  const d = cycleDiagnostic(graph, cycle);
  return new CycleError(d.code, d.message, { location: { file: d.file, line: d.line, column: d.column }, hint: d.hint });
}

function cycleHint(cycle: string[], importers: ReadonlySet<string>): string {
  const reference = (model: string, parent: string) => (importers.has(model) ? `the @import of ${parent}` : `ref('${parent}')`);
  if (cycle.length === 1) return `a model cannot depend on itself: remove ${reference(cycle[0], cycle[0])} from ${cycle[0]}`;
  const refs = cycle.map((model, i) => `${reference(model, cycle[(i + 1) % cycle.length])} in ${model}`);
  return `each model refs the next one; remove one of these refs to break the cycle: ${refs.join(', ')}`;
}
