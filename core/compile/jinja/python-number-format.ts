/**
 * Python's `%f` and `%e` of a number (`'%5.1f' % 2.25` is `  2.2`, `'%e' % 12345.678` `1.234568e+04`).
 * JavaScript's toFixed rounds a value exactly halfway between two results away from zero (2.25 to 2.3);
 * Python rounds it to the even one. Both round every other value to the nearest.
 */

const nonFinite = (value: number): string | undefined =>
  Number.isNaN(value) ? 'nan' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : undefined;

/** `'%.{digits}f' % value`. */
export function formatFixed(value: number, digits: number): string {
  const special = nonFinite(value);
  if (special !== undefined) return special;
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  const size = Math.abs(value);
  if (size >= 1e21) return `${sign}${BigInt(size).toString()}${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  const rounded = size.toFixed(digits);
  if (digits < 100) {
    // The exact decimal value (exact for every double of this size but the tiniest, which are never halfway).
    const exact = size.toFixed(100);
    const cut = exact.indexOf('.') + 1 + digits;
    if (/^50*$/.test(exact.slice(cut))) {
      const kept = exact.slice(0, digits > 0 ? cut : cut - 1);
      if (Number(kept[kept.length - 1]) % 2 === 0) return sign + kept;
    }
  }
  return sign + rounded;
}

/** `'%.{digits}e' % value` (`E`: `'%E'`): the exponent signed and of two digits at least. */
export function formatExponent(value: number, digits: number, upper = false): string {
  const special = nonFinite(value);
  if (special !== undefined) return upper ? special.toUpperCase() : special;
  const [mantissa, exponent] = value.toExponential(Math.min(digits, 100)).split('e');
  const sign = exponent!.startsWith('-') ? '-' : '+';
  const text = `${mantissa}e${sign}${exponent!.replace(/^[-+]/, '').padStart(2, '0')}`;
  return upper ? text.toUpperCase() : text;
}

/** `'%.{digits}g' % value`: fixed or exponent notation, whichever Python's `g` picks, without trailing zeros. */
export function formatGeneral(value: number, digits: number, upper = false): string {
  const special = nonFinite(value);
  if (special !== undefined) return upper ? special.toUpperCase() : special;
  const precision = digits === 0 ? 1 : digits;
  const exponentForm = formatExponent(value, precision - 1);
  const exponent = Number(exponentForm.slice(exponentForm.indexOf('e') + 1));
  const strip = (text: string) => (text.includes('.') ? text.replace(/\.?0+$/, '') : text);
  if (exponent >= -4 && exponent < precision) return strip(formatFixed(value, precision - 1 - exponent));
  const [mantissa, rest] = exponentForm.split('e');
  const text = `${strip(mantissa!)}e${rest}`;
  return upper ? text.toUpperCase() : text;
}

/**
 * The digits of a number for a numeric format type (`d`, `i`, `f`, `F`, `e`, `E`, `g`, `G`, `x`, `X`, `o`, `b`),
 * `precision` the digits after the point ('' or undefined: Python's default); undefined for another type.
 */
export function formatNumber(type: string, value: unknown, precision: string | undefined): string | undefined {
  const digits = precision === undefined || precision === '' ? 6 : Number(precision);
  const number = Number(value);
  const whole = () => Math.trunc(number);
  switch (type) {
    case 'd': case 'i': return String(whole());
    case 'f': case 'F': return formatFixed(number, digits);
    case 'e': case 'E': return formatExponent(number, digits, type === 'E');
    case 'g': case 'G': return formatGeneral(number, digits, type === 'G');
    case 'x': return whole().toString(16);
    case 'X': return whole().toString(16).toUpperCase();
    case 'o': return whole().toString(8);
    case 'b': return whole().toString(2);
    default: return undefined;
  }
}
