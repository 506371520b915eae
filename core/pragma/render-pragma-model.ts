import { thisPlaceholder } from '../compile/placeholders.js';
import type { Diagnostics } from '../errors.js';
import { evaluateCondition, isTruthy } from './evaluate-condition.js';
import type { ParsedPragmaModel, PragmaImport, PragmaNode, PragmaRenderContext } from './pragma-types.js';

/**
 * The model's SQL for one context: header `@config` / `@import` lines and directive lines removed,
 * only the active branch of each `#if` kept, `:alias` replaced by what `resolveImport` returns
 * (left as written when it returns null) and `:this` by `⟦this⟧`. Problems were reported by
 * `parsePragmaModel`; rendering itself adds none.
 */
export function renderPragmaModel(parsed: ParsedPragmaModel, context: PragmaRenderContext, _diagnostics?: Diagnostics): string {
  const imports = new Map<string, PragmaImport>();
  for (const imp of parsed.imports) imports.set(imp.alias, imp);
  const parts: string[] = [];
  renderNodes(parsed.nodes, { parsed, context, imports, parts });
  return parts.join('');
}

interface RenderRun {
  parsed: ParsedPragmaModel;
  context: PragmaRenderContext;
  imports: Map<string, PragmaImport>;
  parts: string[];
}

function renderNodes(nodes: PragmaNode[], run: RenderRun): void {
  for (const node of nodes) {
    if (node.kind === 'text') run.parts.push(run.parsed.content.slice(node.start, node.end));
    else if (node.kind === 'reference') run.parts.push(resolveReference(node, run));
    else {
      const branch = node.branches.find((b) => b.condition === null || isTruthy(evaluateCondition(b.condition, run.context)));
      if (branch) renderNodes(branch.body, run);
    }
  }
}

function resolveReference(node: Extract<PragmaNode, { kind: 'reference' }>, run: RenderRun): string {
  if (node.alias === 'this') return thisPlaceholder();
  const imp = run.imports.get(node.alias);
  const resolved = imp ? run.context.resolveImport(imp) : null;
  return resolved ?? run.parsed.content.slice(node.start, node.end);
}
