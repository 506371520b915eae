/*
 * Jinja's recursive loops (`{% for item in tree recursive %}...{{ loop(item.children) }}{% endfor %}`) are not
 * supported: nunjucks read `recursive` as a stray word ("expected block end in for statement"). The parser says
 * so at the word, and the error message (nunjucks-parser-messages.ts) how to write it instead.
 */

interface Token { type: string; value: string; lineno: number; colno: number }
interface Parser {
  peekToken(): Token | null;
  fail(message: string, lineno?: number, colno?: number): never;
}

/** The parser's message for `recursive` after a for loop's iterable. */
export const RECURSIVE_LOOP_MESSAGE = "Jinja's recursive for loops ({% for x in xs recursive %} with loop(children)) are not supported";

/** Makes `{% for x in xs recursive %}` a parse error at `recursive` (called once, when nunjucks is loaded). */
export function withRecursiveLoopErrors(parser: { Parser: { prototype: Record<string, unknown> } }): void {
  const proto = parser.Parser.prototype;
  const advance = proto.advanceAfterBlockEnd as (this: Parser, name?: string) => unknown;
  proto.advanceAfterBlockEnd = function (this: Parser, name?: string) {
    const next = name === 'for' ? this.peekToken() : null;
    if (next?.type === 'symbol' && next.value === 'recursive') this.fail(RECURSIVE_LOOP_MESSAGE, next.lineno, next.colno);
    return advance.call(this, name);
  };
}
