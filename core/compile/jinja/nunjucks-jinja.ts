import { createRequire } from 'node:module';
import type nunjucksTypes from 'nunjucks';
import { withReturnSlot } from './macro-return.js';
import { pythonCollectionMethod } from './python-collection-methods.js';
import { pythonStringMethod } from './python-string-methods.js';

/*
 * nunjucks made to read templates as Jinja2 (and dbt) do where the two differ: the module is patched once,
 * when it is first loaded, and every environment made from it has the patches.
 */

type Nunjucks = typeof nunjucksTypes;
let loaded: Nunjucks | undefined;

/**
 * nunjucks, loaded on first use (projects whose models all take the fast path never load it), with its
 * tokenizer counting braces as Jinja2's does and Python's string methods on strings.
 */
export function nunjucksModule(): Nunjucks {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  loaded = require('nunjucks') as Nunjucks;
  closeTagsAtBalancedBraces(require('nunjucks/src/lexer') as NunjucksLexerModule);
  withPythonMethods(require('nunjucks/src/runtime') as NunjucksRuntimeModule);
  return loaded;
}

type MacroBody = (...args: unknown[]) => unknown;
interface NunjucksRuntimeModule {
  memberLookup(obj: unknown, key: unknown): unknown;
  makeMacro(argNames: string[], kwargNames: string[], func: MacroBody): MacroBody;
}

/**
 * Python's string, list and dict methods (`{{ name.upper() }}`, `{% do cols.append(c) %}`, `d.items()`) and
 * dbt's `return()` in macros, as Jinja has them. Compiled templates look members up and make macros through
 * the runtime module object, so wrapping memberLookup and makeMacro there reaches every template.
 */
function withPythonMethods(runtime: NunjucksRuntimeModule): void {
  const { memberLookup, makeMacro } = runtime;
  runtime.memberLookup = (obj, key) => {
    // A macro's output is a nunjucks SafeString (a String object).
    if (typeof obj === 'string' || obj instanceof String) return pythonStringMethod(String(obj), key) ?? memberLookup(obj, key);
    return pythonCollectionMethod(obj, key) ?? memberLookup(obj, key);
  };
  runtime.makeMacro = (argNames, kwargNames, func) => makeMacro(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
    return withReturnSlot(() => func.apply(this, args));
  });
}

interface NunjucksParser {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
type NunjucksNodes = Record<string, new (...args: unknown[]) => unknown>;

/** Jinja's `{% do expression %}` (dbt projects use it for `{% do cols.append(c) %}`, `{% do return(x) %}`): evaluated, prints nothing. */
export class DoTag {
  readonly tags = ['do'];

  parse(parser: NunjucksParser, nodes: NunjucksNodes): unknown {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tag.lineno, tag.colno, [expression]));
  }

  run(): string {
    return '';
  }
}

interface NunjucksToken { type: string }
interface NunjucksTokenizer {
  nextToken(): NunjucksToken | null;
  _extractString(text: string): string | null;
}
interface NunjucksLexerModule { lex(src: string, opts: unknown): NunjucksTokenizer }

/**
 * Makes nunjucks' tokenizer read `}}` as two closing braces while a `{` of the tag is open, as Jinja2 does:
 * `{{ config(meta={'owner': {'team': 'x'}}) }}` ends at its last `}}`, not inside the dict (the lite
 * lexer counts braces the same way). nunjucks' parser calls `lex` through the module object, so wrapping
 * it there reaches every template.
 */
function closeTagsAtBalancedBraces(lexer: NunjucksLexerModule): void {
  const lex = lexer.lex;
  lexer.lex = (src, opts) => {
    const tokenizer = lex(src, opts);
    const nextToken = tokenizer.nextToken;
    const extractString = tokenizer._extractString;
    let open = 0;
    tokenizer._extractString = function (this: NunjucksTokenizer, text) {
      return open > 0 && (text === '}}' || text === '-}}') ? null : extractString.call(this, text);
    };
    tokenizer.nextToken = function (this: NunjucksTokenizer) {
      const token = nextToken.call(this);
      if (token?.type === 'left-curly') open++;
      else if (token?.type === 'right-curly' && open > 0) open--;
      else if (token?.type === 'variable-start' || token?.type === 'block-start') open = 0;
      return token;
    };
    return tokenizer;
  };
}
