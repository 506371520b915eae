import { Prng } from '../../bench/prng.js';

/**
 * Random templates over the whole lite subset (and a little beyond: is-tests, unknown filters,
 * for-else, set in for...), with random whitespace and whitespace control, and now and then a
 * corrupted character, for differential testing against nunjucks.
 */

const GLOBAL_NAMES = ['n', 'f', 'z', 'neg', 's', 'e', 'sp', 'sstr', 'numstr', 'csv', 'lst', 'strs', 'empty', 'obj', 'emptyObj',
  'nul', 't', 'no', 'pairs', 'nested', 'people', 'mixed', 'undefined_name', 'this', 'target', 'run_started_at'];
const STRINGS = ["''", "'a'", "'ab c'", '"x\\"y"', "'it\\'s'", "'  sp  '", "'5'", "'a,b'", "'\\n\\t'", "'b'", "'10'", "'%}'", "'{{'"];
const NUMBERS = ['0', '1', '2', '3', '10', '007', '1.5', '0.0', '2.', '-1', '100'];
const CONSTANTS = ['true', 'false', 'none', 'null', 'True'];
const BINARY = ['+', '-', '*', '/', '//', '%', '**', '~', '==', '!=', '===', '!==', '<', '>', '<=', '>=', 'and', 'or', 'in', 'not in'];
const FILTERS = ['join', "join(', ')", "join('-', 'name')", 'length', 'upper', 'lower', 'trim', "default('dflt')", "default('d', true)", 'd(1)',
  "replace('a', 'b')", "replace('', '.')", "replace('a', 'X', 1)", 'string', 'int', 'int(-1)', "int(0, 16)", 'float', 'float(0.5)', 'first', 'last', 'list',
  'join(s)', 'length', 'abs'];
const LOOKUPS = ['.a', '.b', '.length', '[0]', '[1]', "['a']", '.x', '.name', '[-1]', '.missing'];
const TEXT = ['select ', 'x', ' , ', '\n', '\n\n', '  ', '\t', '\r\n', '{ ', ' }', '# ', ' #', '\u00a0', 'from t', ' -- c\n', '%', '-'];
const WS = ['', ' ', ' ', '  ', '\n', '\t', ' \r\n '];

interface Scope {
  locals: string[];
  inFor: boolean;
  macros: Array<{ name: string; positional: number; defaults: string[] }>;
  depth: number;
}

export class RandomTemplate {
  private readonly r: Prng;

  constructor(seed: number) {
    this.r = new Prng(seed);
  }

  private ws(): string {
    return this.r.pick(WS);
  }

  private name(scope: Scope): string {
    if (scope.locals.length && this.r.chance(0.5)) return this.r.pick(scope.locals);
    if (scope.inFor && this.r.chance(0.15)) return `loop.${this.r.pick(['index', 'index0', 'revindex', 'revindex0', 'first', 'last', 'length'])}`;
    return this.r.pick(GLOBAL_NAMES);
  }

  expr(scope: Scope, depth = 0): string {
    const r = this.r;
    const leaf = depth >= 3 || r.chance(0.35);
    if (leaf) {
      const roll = r.next();
      if (roll < 0.3) return this.name(scope);
      if (roll < 0.5) return r.pick(STRINGS);
      if (roll < 0.7) return r.pick(NUMBERS);
      if (roll < 0.8) return r.pick(CONSTANTS);
      if (roll < 0.9) return `${this.name(scope)}${r.pick(LOOKUPS)}`;
      return r.pick(['[]', '{ }', "[1, 'a']", "{ 'a': 1 }"]);
    }
    const sub = () => this.expr(scope, depth + 1);
    const w = () => this.ws();
    switch (r.int(0, 13)) {
      case 0:
      case 1:
      case 2: {
        const op = r.pick(BINARY);
        const right = op.endsWith('in') && r.chance(0.8) ? r.pick(['lst', 'strs', 's', 'obj', 'csv', "'abc'", '[1, 2]', 'mixed']) : sub();
        return `${sub()}${w() || ' '}${op}${w() || ' '}${right}`;
      }
      case 3: {
        const unary = `${r.pick(['not ', '-', '+', 'not not ', '- '])}${sub()}`;
        return r.chance(0.8) ? `(${unary})` : unary;
      }
      case 4:
        return `(${w()}${sub()}${w()})`;
      case 5:
        return `${sub()} if ${sub()}${r.chance(0.7) ? ` else ${sub()}` : ''}`;
      case 6:
      case 7: {
        const filter = r.pick(FILTERS);
        const stringFilter = /^(upper|lower|trim|replace)/.test(filter);
        const target = filter.startsWith('join') && r.chance(0.8) ? r.pick(['lst', 'strs', 'mixed', 'people', 'empty', '[1, s]', 'cols'])
          : stringFilter && r.chance(0.8) ? r.pick(['s', 'e', 'sp', 'csv', 'numstr', "'A b'", 'nul']) : sub();
        return `${target}${w()}|${w()}${filter}`;
      }
      case 8:
        return `[${sub()}${r.chance(0.5) ? `, ${sub()}` : ''}]`;
      case 9:
        return `{ 'k': ${sub()}, ${r.pick(['b', "'c'"])}: ${sub()} }${r.pick(['', '.k', '["b"]', '.c'])}`;
      case 10:
        return `${sub()}${r.pick(LOOKUPS)}`;
      case 11:
        return this.call(scope, depth);
      case 12:
        return `${sub()} ${r.pick(['==', '<', '~', '+'])} ${sub()} ${r.pick(['==', '<', '~', '*', 'and'])} ${sub()}`;
      default:
        return `(${sub()}${r.chance(0.25) ? r.pick([' is defined', ' | join', ' | title']) : ` ~ ${sub()}`})`;
    }
  }

  private call(scope: Scope, depth: number): string {
    const r = this.r;
    const sub = () => this.expr(scope, depth + 1);
    if (scope.macros.length && r.chance(0.4)) {
      const macro = r.pick(scope.macros);
      const args: string[] = [];
      const count = r.int(0, macro.positional + 1);
      for (let i = 0; i < count; i++) args.push(sub());
      if (macro.defaults.length && r.chance(0.5)) args.push(`${r.pick(macro.defaults)}=${sub()}`);
      if (r.chance(0.1)) args.push(`p0=${sub()}`);
      return `${macro.name}(${args.join(', ')})`;
    }
    switch (r.int(0, 8)) {
      case 0:
        return `ref(${r.pick(STRINGS)})`;
      case 1:
        return `var('v', ${sub()})`;
      case 2:
        return `fn(${sub()})`;
      case 3:
        return `kw(${sub()}, k=${sub()})`;
      case 4:
        return `range(${r.int(0, 4)}${r.chance(0.3) ? `, ${r.int(-2, 6)}` : ''})`;
      case 5:
        return `${r.pick(["'a,b'", 's', 'csv', 'e'])}.${r.pick(['split(",")', 'toUpperCase()', 'indexOf("b")', 'upper()', 'trim()'])}`;
      case 6:
        return `source('raw', ${r.pick(STRINGS)})`;
      case 7:
        return `is_incremental()`;
      default:
        return `config(${r.pick(['materialized', 'alias', 'tags'])}=${sub()})`;
    }
  }

  private open(tag: string): string {
    return `{%${this.r.chance(0.2) ? '-' : ''}${this.ws() || ' '}${tag}${this.ws() || ' '}${this.r.chance(0.2) ? '-' : ''}%}`;
  }

  private body(scope: Scope, budget: number): string {
    let out = '';
    const count = this.r.int(0, budget);
    for (let i = 0; i < count; i++) out += this.statement(scope);
    return out;
  }

  statement(scope: Scope): string {
    const r = this.r;
    const deeper = { ...scope, depth: scope.depth + 1 };
    const roll = scope.depth > 2 ? r.next() * 0.45 : r.next();
    if (roll < 0.2) return r.pick(TEXT) + (r.chance(0.5) ? r.pick(TEXT) : '');
    if (roll < 0.4) {
      const dash = () => (r.chance(0.25) ? '-' : '');
      return `{{${dash()}${this.ws() || ' '}${this.expr(scope)}${this.ws() || ' '}${dash()}}}`;
    }
    if (roll < 0.45) return `{#${r.chance(0.3) ? '-' : ''} note ${r.pick(['', '{{ x }}', '%}', '{'])} ${r.chance(0.3) ? '-' : ''}#}`;
    if (roll < 0.6) {
      let out = this.open(`if ${this.expr(scope)}`) + this.body(deeper, 3);
      while (r.chance(0.3)) out += this.open(`${r.pick(['elif', 'elif', 'elseif'])} ${this.expr(scope)}`) + this.body(deeper, 2);
      if (r.chance(0.4)) out += this.open('else') + this.body(deeper, 2);
      return out + this.open('endif');
    }
    if (roll < 0.75) {
      const names = r.chance(0.25) ? ['a', 'b'] : [r.pick(['x', 'item', 'c', 's'])];
      const iterable = names.length === 2
        ? r.pick(['pairs', "[['k', 1], ['j', 2]]", 'people', "['ab', 'cd']", 'empty'])
        : r.pick(['lst', 'strs', 'empty', 'mixed', 'people', 'range(3)', "[1, 'two', none]", 'nul', 'undefined_name', "var('v', [1])", 'obj', 's']);
      const inner = { ...deeper, locals: [...scope.locals, ...names], inFor: true };
      let out = this.open(`for ${names.join(', ')} in ${iterable}`) + this.body(inner, 3);
      if (r.chance(0.03)) out += this.open('else') + 'none';
      return out + this.open('endfor');
    }
    if (roll < 0.88) {
      const name = r.pick(['v1', 'v2', 'n', 's', 'ref', 'loop']);
      scope.locals.push(name);
      return this.open(`set ${name} = ${this.expr(scope)}`);
    }
    if (scope.macros.length && roll < 0.97) return `{{ ${this.call(scope, 1)} }}`;
    return r.pick(['{% raw %}x{% endraw %}', '{{ x is none }}', '{% for x in lst %}{% set y = 1 %}{% endfor %}', '{{ s | title }}', '{# c #}']);
  }

  macroDefinition(scope: Scope, index: number): string {
    const r = this.r;
    const positional = Array.from({ length: r.int(0, 2) }, (_, i) => `p${i}`);
    const defaults = Array.from({ length: r.int(0, 2) }, (_, i) => `d${i}`);
    const params = [...positional, ...defaults.map((d) => `${d}=${this.expr({ ...scope, locals: positional }, 2)}`)];
    const inner: Scope = { locals: [...positional, ...defaults], inFor: false, macros: scope.macros.slice(), depth: 1 };
    const name = `m${index}`;
    const text = this.open(`macro ${name}(${params.join(', ')})`) + this.body(inner, 4) + this.open('endmacro');
    scope.macros.push({ name, positional: positional.length, defaults });
    return text;
  }

  /** A whole template; `macros` are macros defined elsewhere it may call. */
  template(macros: Scope['macros'] = []): string {
    const r = this.r;
    const scope: Scope = { locals: [], inFor: false, macros: macros.slice(), depth: 0 };
    let out = '';
    const count = r.int(1, 8);
    for (let i = 0; i < count; i++) {
      out += r.chance(0.12) ? this.macroDefinition(scope, 100 + i) : this.statement(scope);
    }
    if (r.chance(0.08) && out.length) {
      const at = r.int(0, out.length - 1);
      out = out.slice(0, at) + r.pick(['', '}', '{', '%', '(', ')', ']', '"', "'", '|', '-', ' not ', ',']) + out.slice(at + 1);
    }
    return out;
  }

  /** A macros/ file: macros m0..m{count-1}, each calling only earlier ones. */
  macroFile(count: number): { content: string; macros: Scope['macros'] } {
    const scope: Scope = { locals: [], inFor: false, macros: [], depth: 0 };
    let content = '{# generated #}\n';
    for (let i = 0; i < count; i++) content += `${this.macroDefinition(scope, i)}\n`;
    return { content, macros: scope.macros };
  }
}
