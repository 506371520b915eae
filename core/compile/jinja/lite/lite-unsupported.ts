/**
 * Thrown by `renderLiteTemplate` when the lite engine cannot finish a render the way nunjucks
 * would (a construct it declines at run time, an unsupported macro, or any error on the way):
 * the caller discards what the render did and renders the template with nunjucks instead,
 * which then produces the output or its own error message.
 */
export class LiteUnsupported extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LiteUnsupported';
  }
}
