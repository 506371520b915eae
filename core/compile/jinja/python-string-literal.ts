/*
 * A string literal's text as Jinja2 reads it: Python's escapes (Jinja decodes the literal with Python's
 * unicode-escape codec), so `'\u00e9'` is é, `'\x41'` A, `'\101'` A, `'\a'` the bell, a backslash before a line
 * break joins the lines, and an unknown escape stays as written (`'\q'` is a backslash and q, `'\d+'` a regex's
 * `\d+`). nunjucks and the lite lexer knew `\n`, `\t` and `\r` only and dropped the backslash of any other.
 */

const SIMPLE: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};
const HEX_DIGITS: Record<string, number> = { x: 2, u: 4, U: 8 };
const OCTAL = /^[0-7]{1,3}/;

/** Thrown for an escape Jinja2 rejects (`'\x4'`: truncated \xXX escape), with its message. */
export class StringEscapeError extends Error {}

/** The text of a literal's body (between its quotes, backslashes as written). */
export function pythonStringLiteral(body: string): string {
  if (!body.includes('\\')) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const at = body.indexOf('\\', i);
    if (at < 0 || at === body.length - 1) return out + body.slice(i);
    out += body.slice(i, at);
    const c = body[at + 1]!;
    i = at + 2;
    if (Object.hasOwn(SIMPLE, c)) {
      out += SIMPLE[c];
    } else if (Object.hasOwn(HEX_DIGITS, c)) {
      const digits = body.slice(i, i + HEX_DIGITS[c]!);
      if (!new RegExp(`^[0-9a-fA-F]{${HEX_DIGITS[c]}}$`).test(digits)) throw new StringEscapeError(`truncated \\${c}${'X'.repeat(HEX_DIGITS[c]!)} escape`);
      const code = parseInt(digits, 16);
      if (code > 0x10ffff) throw new StringEscapeError('illegal Unicode character');
      out += String.fromCodePoint(code);
      i += digits.length;
    } else if (OCTAL.test(body.slice(at + 1, at + 4))) {
      const digits = OCTAL.exec(body.slice(at + 1, at + 4))![0];
      out += String.fromCodePoint(parseInt(digits, 8));
      i = at + 1 + digits.length;
    } else if (c === 'N') {
      throw new StringEscapeError('\\N{...} escapes (characters by name) are not supported: write the character itself or \\u escape it');
    } else {
      out += `\\${c}`;
    }
  }
  return out;
}
