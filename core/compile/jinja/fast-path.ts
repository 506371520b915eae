import { parseCallArguments } from '../../sql/parse-literal.js';
import type { RenderState } from './render-state.js';
import type { TemplateFunctions } from './template-functions.js';

const callable = new Set(['ref', 'source', 'config', 'var']);

/** Offset just past the `}}` closing the expression that starts at `from`, honouring strings and brackets. */
function expressionEnd(content: string, from: number): number {
  let depth = 0;
  for (let i = from; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 39 /* ' */ || c === 34 /* " */) {
      const close = findStringEnd(content, i);
      if (close < 0) return -1;
      i = close;
    } else if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93) depth--;
    else if (c === 125 /* } */) {
      if (depth === 0 && content.charCodeAt(i + 1) === 125) return i + 2;
      depth--;
    }
  }
  return -1;
}

function findStringEnd(content: string, start: number): number {
  const quote = content.charCodeAt(start);
  for (let i = start + 1; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** Output as nunjucks prints a value with autoescape off. */
function printed(value: unknown): string | undefined {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The value of one `{{ ... }}` expression, or undefined when it is not a plain call this path knows. */
function evaluate(expression: string, functions: TemplateFunctions): string | undefined {
  const text = expression.trim();
  if (text === 'this') return functions.this;
  const open = text.indexOf('(');
  if (open < 0 || text.charCodeAt(text.length - 1) !== 41) return undefined;
  const name = text.slice(0, open).trim();
  if (!callable.has(name)) return undefined;
  let parsed;
  try {
    parsed = parseCallArguments(text.slice(open + 1, -1));
  } catch {
    return undefined;
  }
  const args: unknown[] = parsed.args;
  if (Object.keys(parsed.kwargs).length) args.push({ ...parsed.kwargs, __keywords: true });
  return printed((functions[name as 'ref'] as (...a: unknown[]) => unknown)(...args));
}

/**
 * Renders a model that only uses ref/source/config/var/this without entering nunjucks.
 * Returns undefined when the model needs the template engine (tags, filters, macros,
 * whitespace control, anything unusual); the caller then renders it with nunjucks.
 * Calls that happened before giving up are undone by the caller discarding `state`.
 */
export function renderFastPath(state: RenderState, functions: TemplateFunctions): string | undefined {
  const content = state.content;
  if (content.includes('{%')) return undefined;
  let out = '';
  let at = 0;
  for (;;) {
    const open = content.indexOf('{', at);
    if (open < 0) return out + content.slice(at);
    const next = content.charCodeAt(open + 1);
    if (next === 35 /* # */) {
      const close = content.indexOf('#}', open + 2);
      if (close < 0) return undefined;
      out += content.slice(at, open);
      at = close + 2;
      continue;
    }
    if (next !== 123 /* { */) {
      out += content.slice(at, open + 1);
      at = open + 1;
      continue;
    }
    if (content.charCodeAt(open + 2) === 45 /* - */) return undefined;
    const end = expressionEnd(content, open + 2);
    if (end < 0 || content.charCodeAt(end - 3) === 45) return undefined;
    const value = evaluate(content.slice(open + 2, end - 2), functions);
    if (value === undefined) return undefined;
    out += content.slice(at, open) + value;
    at = end;
  }
}
