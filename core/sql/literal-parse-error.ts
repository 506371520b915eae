import { CompileError, type ErrorLocation } from '../errors.js';

/** A Jinja/Python-style literal that cannot be parsed; `offset` is the character offset of the problem. */
export class LiteralParseError extends CompileError {
  readonly offset: number;

  constructor(message: string, offset: number, options: { hint?: string | null; location?: ErrorLocation } = {}) {
    super('invalid-literal', message, options);
    this.offset = offset;
  }
}
