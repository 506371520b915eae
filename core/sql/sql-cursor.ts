import { SqlScanner } from './sql-scanner.js';

/** Walks the significant tokens of SQL (whitespace and comments skipped), with bracket matching. */
export class SqlCursor {
  private readonly scanner: SqlScanner;

  constructor(readonly sql: string) {
    this.scanner = new SqlScanner(sql);
  }

  get kind() {
    return this.scanner.kind;
  }

  get start(): number {
    return this.scanner.start;
  }

  get end(): number {
    return this.scanner.end;
  }

  get text(): string {
    return this.scanner.tokenText;
  }

  /** Advance to the next significant token; false at the end. */
  next(): boolean {
    const { scanner } = this;
    while (scanner.next()) {
      const kind = scanner.kind;
      if (kind !== 'whitespace' && kind !== 'line_comment' && kind !== 'block_comment') return true;
    }
    this.scanner.start = this.scanner.end = this.sql.length;
    return false;
  }

  /** Is the current token the keyword `word` (given in lower case)? */
  isWord(word: string): boolean {
    const { scanner } = this;
    return scanner.kind === 'word' && scanner.end - scanner.start === word.length && scanner.tokenText.toLowerCase() === word;
  }

  isPunct(ch: string): boolean {
    const { scanner } = this;
    return scanner.kind === 'punct' && scanner.end - scanner.start === 1 && this.sql[scanner.start] === ch;
  }

  /** On a `(`: advance to its matching `)` and return the offset after it, or -1 when unbalanced. */
  skipGroup(): number {
    let depth = 0;
    do {
      if (this.isPunct('(')) depth++;
      else if (this.isPunct(')') && --depth === 0) return this.end;
    } while (this.next());
    return -1;
  }
}
