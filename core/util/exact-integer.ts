/**
 * An integer written in YAML (a var, `--vars`) with more digits than a JavaScript number holds exactly, as
 * amounts in wei are (`min_value: 1000000000000000000000`): kept as written, so `{{ var('min_value') }}`
 * prints those digits, as dbt (Python) does, not `1e+21`. It prints, and is JSON, as its digits (JSON as a
 * string: manifests keep it so); in arithmetic and comparisons it is the nearest number.
 */
export class ExactInteger {
  constructor(readonly digits: string) {}

  /** The value of a YAML integer literal (`-12_345`, `+7`), or the number itself when it is exact. */
  static of(literal: string, parsed: number): number | ExactInteger {
    if (Number.isSafeInteger(parsed)) return parsed;
    const digits = literal.replace(/_/g, '').replace(/^\+/, '');
    return /^-?\d+$/.test(digits) ? new ExactInteger(digits.replace(/^(-?)0+(?=\d)/, '$1')) : parsed;
  }

  [Symbol.toPrimitive](hint: string): string | number {
    return hint === 'number' ? Number(this.digits) : this.digits;
  }

  toString(): string {
    return this.digits;
  }

  toJSON(): string {
    return this.digits;
  }
}
