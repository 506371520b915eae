import { AdapterError } from '../../adapter-error.js';
import { type AbiType, canonicalType, elementaryType } from './abi-type.js';

export interface EventParam {
  /** As written; '' when the signature gives no name. */
  name: string;
  type: AbiType;
  indexed: boolean;
}

/**
 * A parsed Solidity event signature. Both spellings Amp accepts parse to the same event:
 * `Transfer(address,address,uint256)` and `Transfer(address indexed from, address indexed to, uint256 value)`
 * (optionally preceded by `event`).
 */
export interface EventSignature {
  name: string;
  params: EventParam[];
  /** Types only, no spaces: what topic0 hashes (`Transfer(address,address,uint256)`). */
  canonical: string;
  /** Canonical types plus `indexed` and names: two signatures decode alike exactly when these match. */
  declaration: string;
}

type Token = { text: string; at: number };

const tokenPattern = /\s*(?:([A-Za-z_$][A-Za-z0-9_$]*)|(\d+)|([()[\],;]))/y;

/** Parses an event signature; throws AdapterError `unsupported-sql` saying what is wrong. */
export function parseEventSignature(text: string): EventSignature {
  const parser = new SignatureParser(text);
  const event = parser.event();
  const canonical = `${event.name}(${event.params.map((p) => canonicalType(p.type)).join(',')})`;
  const declaration = `${event.name}(${event.params
    .map((p) => [canonicalType(p.type), p.indexed ? 'indexed' : '', p.name].filter(Boolean).join(' '))
    .join(',')})`;
  return { ...event, canonical, declaration };
}

class SignatureParser {
  private readonly tokens: Token[] = [];
  private index = 0;

  constructor(private readonly text: string) {
    tokenPattern.lastIndex = 0;
    while (tokenPattern.lastIndex < text.length) {
      const start = tokenPattern.lastIndex;
      const match = tokenPattern.exec(text);
      if (!match) {
        const rest = text.slice(start);
        if (rest.trim() === '') break;
        this.fail(`unexpected '${rest.trimStart()[0]}'`, start + rest.length - rest.trimStart().length);
      }
      this.tokens.push({ text: match[0].trim(), at: match.index + match[0].length - match[0].trimStart().length });
    }
  }

  event(): { name: string; params: EventParam[] } {
    if (this.peek() === 'event' && this.peek(1) !== '(') this.index++;
    const name = this.identifier('the event name');
    this.expect('(');
    const params: EventParam[] = [];
    if (this.peek() !== ')') {
      do params.push(this.param());
      while (this.accept(','));
    }
    this.expect(')');
    if (this.accept('anonymous')) this.fail('anonymous events have no topic0 and cannot be matched or decoded');
    this.accept(';');
    if (this.peek() !== undefined) this.fail(`unexpected '${this.peek()}' after the parameter list`);
    return { name, params };
  }

  private param(): EventParam {
    const type = this.type();
    const indexed = this.peek() === 'indexed' && this.accept('indexed');
    const name = this.isIdentifier(this.peek()) ? this.identifier('a parameter name') : '';
    return { name, type, indexed };
  }

  private type(): AbiType {
    let type: AbiType;
    if (this.peek() === '(' || (this.peek() === 'tuple' && this.peek(1) === '(')) {
      this.accept('tuple');
      this.expect('(');
      const components: AbiType[] = [];
      if (this.peek() !== ')') {
        do {
          components.push(this.type());
          if (this.isIdentifier(this.peek())) this.index++; // a component name
        } while (this.accept(','));
      }
      this.expect(')');
      type = { kind: 'tuple', components };
    } else {
      const name = this.identifier('a parameter type');
      const elementary = elementaryType(name);
      if (!elementary) this.fail(`unknown type '${name}'`, this.tokens[this.index - 1].at);
      type = elementary;
    }
    while (this.accept('[')) {
      const size = this.peek();
      const length = size !== undefined && /^\d+$/.test(size) ? Number(this.tokens[this.index++].text) : null;
      this.expect(']');
      type = { kind: 'array', element: type, length };
    }
    return type;
  }

  private peek(ahead = 0): string | undefined {
    return this.tokens[this.index + ahead]?.text;
  }

  private isIdentifier(text: string | undefined): boolean {
    return text !== undefined && /^[A-Za-z_$]/.test(text);
  }

  private accept(text: string): boolean {
    if (this.peek() !== text) return false;
    this.index++;
    return true;
  }

  private expect(text: string): void {
    if (!this.accept(text)) this.fail(`expected '${text}'${this.peek() === undefined ? ' at the end' : ` but found '${this.peek()}'`}`);
  }

  private identifier(what: string): string {
    const text = this.peek();
    if (!this.isIdentifier(text)) this.fail(`expected ${what}${text === undefined ? ' at the end' : ` but found '${text}'`}`);
    this.index++;
    return text as string;
  }

  private fail(why: string, at = this.tokens[this.index]?.at ?? this.text.length): never {
    throw new AdapterError('unsupported-sql', `invalid event signature '${this.text}': ${why} (at character ${at + 1})`, {
      hint: "write the Solidity event, e.g. 'Transfer(address indexed from, address indexed to, uint256 value)'",
    });
  }
}
