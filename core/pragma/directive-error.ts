/** A problem in a directive line; `offset` is relative to the text that was parsed. */
export class DirectiveError extends Error {
  constructor(message: string, readonly offset: number, readonly hint: string | null = null) {
    super(message);
  }
}
