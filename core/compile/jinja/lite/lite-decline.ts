/** Thrown while parsing when a template leaves the lite subset; the parse entry points return undefined. */
export class LiteDecline extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'LiteDecline';
  }
}

export function decline(reason: string): never {
  throw new LiteDecline(reason);
}
