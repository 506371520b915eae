import { ExactInteger } from '../../util/exact-integer.js';

/**
 * Python's floats where JavaScript's numbers lose them: a number with a fraction is a float on both sides, but
 * a float with none (`3.0`, `4 / 2`, `3 | float`, `1e3`) is a JavaScript integer and printed as one (`3`, where
 * Jinja prints `3.0`). Such a float is a PythonFloat: one object per value (so `==` and `in` of two of them
 * compare values, as objects compare by identity), a number in arithmetic and comparisons (valueOf), printed as
 * Python's repr (`3.0`, `1e+16`), JSON as its number.
 */
export class PythonFloat {
  private constructor(readonly value: number) {}

  private static readonly known = new Map<number, PythonFloat>();
  private static readonly negativeZero = new PythonFloat(-0);

  /** The float of an integral number (the same object each time), the number itself otherwise (it is a float already). */
  static of(value: number): number | PythonFloat {
    if (!Number.isInteger(value)) return value;
    if (Object.is(value, -0)) return PythonFloat.negativeZero;
    let float = PythonFloat.known.get(value);
    if (!float) {
      if (PythonFloat.known.size >= 100_000) PythonFloat.known.clear();
      float = new PythonFloat(value);
      PythonFloat.known.set(value, float);
    }
    return float;
  }

  valueOf(): number {
    return this.value;
  }

  toString(): string {
    return floatRepr(this.value);
  }

  toJSON(): number {
    return this.value;
  }
}

/** Whether Python would hold the value as a float: a PythonFloat, or a number with a fraction (inf and nan too). */
export function isPythonFloat(value: unknown): boolean {
  return value instanceof PythonFloat || (typeof value === 'number' && !Number.isInteger(value));
}

/** The number a numeric value stands for (a PythonFloat's, an ExactInteger's nearest); anything else as it is. */
export function numeric(value: unknown): unknown {
  return value instanceof PythonFloat ? value.value : value instanceof ExactInteger ? Number(value.digits) : value;
}

/** Python's repr of a float: the shortest digits, fixed between 1e-4 and 1e16 (with `.0` when integral), else `1e+16`, `1e-05`. */
export function floatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const text = String(value);
  return Number.isInteger(value) ? `${text}.0` : text;
}

/** Python's str of a JavaScript number: a float's repr for one with a fraction, an integer's digits (never `1e+21`). */
export function numberText(value: number): string {
  if (!Number.isInteger(value)) return floatRepr(value);
  return Number.isSafeInteger(value) ? String(value) : BigInt(value).toString();
}

/** The value with each PythonFloat in it (also in its lists and dicts) its number: what a model's config keeps. */
export function plainNumbers(value: unknown, depth = 0): unknown {
  if (value instanceof PythonFloat) return value.value;
  if (typeof value !== 'object' || value === null || depth > 20) return value;
  if (Array.isArray(value)) return value.map((item) => plainNumbers(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plainNumbers(item, depth + 1)]));
}
