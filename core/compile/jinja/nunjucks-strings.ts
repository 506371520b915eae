import { pythonStringLiteral, StringEscapeError } from './python-string-literal.js';

/*
 * Jinja's string literals in nunjucks: Python's escapes (python-string-literal.ts; an escape Jinja2 rejects is a
 * syntax error at the literal), and literals written side by side one string, as in Python (`"a" "b"` is `ab`;
 * nunjucks failed with 'expected variable end').
 */

interface Token { type: string; value: string; lineno: number; colno: number }
interface Tokenizer {
  current(): string;
  forward(): void;
  isFinished(): boolean;
  lineno: number;
  colno: number;
  _parseString(delimiter: string): string;
  nextToken(): Token | null;
  str: string;
  index: number;
  len: number;
}
interface LexerModule { lex(src: string, opts: unknown): Tokenizer }
interface LibModule { TemplateError: new (message: string, lineno: number, colno: number) => Error }
const WHITESPACE = ' \n\t\r\u00a0';

export function withPythonStrings(lexer: LexerModule, lib: LibModule): void {
  const lex = lexer.lex;
  lexer.lex = (src, opts) => {
    const tokenizer = lex(src, opts);
    tokenizer._parseString = function (this: Tokenizer, delimiter: string) {
      const [lineno, colno] = [this.lineno, this.colno];
      this.forward();
      let body = '';
      while (!this.isFinished() && this.current() !== delimiter) {
        if (this.current() === '\\') {
          body += '\\';
          this.forward();
        }
        body += this.current();
        this.forward();
      }
      this.forward();
      try {
        return pythonStringLiteral(body);
      } catch (error) {
        if (error instanceof StringEscapeError) throw new lib.TemplateError(error.message, lineno + 1, colno + 1); // 1-based, as Parser.fail gives them
        throw error;
      }
    };
    // Literals side by side are one token (only whitespace between them, as Python allows).
    const nextToken = tokenizer.nextToken;
    tokenizer.nextToken = function (this: Tokenizer) {
      const token = nextToken.call(this);
      if (token?.type !== 'string') return token;
      for (;;) {
        let ahead = this.index;
        while (ahead < this.len && WHITESPACE.includes(this.str[ahead]!)) ahead++;
        const quote = this.str[ahead];
        if (quote !== '"' && quote !== "'") return token;
        while (this.index < ahead) this.forward();
        token.value += this._parseString(quote);
      }
    };
    return tokenizer;
  };
}
