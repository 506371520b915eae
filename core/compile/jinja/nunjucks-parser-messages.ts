import { didYouMean } from '../../util/did-you-mean.js';

/**
 * nunjucks' parser says what went wrong in its own terms (`parseSignature: expected comma after expression`,
 * `expected block-end, got right-paren`): the same said plainly, with a hint. nunjucks' position is kept.
 */

const TOKEN_NAMES: Record<string, string> = {
  'block-start': "'{%'", 'block-end': "'%}'", 'variable-start': "'{{'", 'variable-end': "'}}'",
  'left-paren': "'('", 'right-paren': "')'", 'left-bracket': "'['", 'right-bracket': "']'", 'left-curly': "'{'",
  'right-curly': "'}'", comma: "','", colon: "':'", pipe: "'|'", tilde: "'~'", operator: 'an operator', string: 'a string',
  int: 'a number', float: 'a number', boolean: 'a boolean', none: 'none', symbol: 'a name', data: 'text', comment: 'a comment',
};

const tokenName = (type: string) => TOKEN_NAMES[type] ?? `'${type}'`;

/** The tags templates have (nunjucks' and `do`), for a did-you-mean on an unknown one. */
const TAGS = ['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset', 'macro', 'endmacro', 'call', 'endcall', 'filter',
  'endfilter', 'raw', 'endraw', 'do', 'break', 'continue', 'with', 'endwith', 'test', 'endtest', 'docs', 'enddocs', 'import', 'from', 'include'];

/** A message said plainly, its hint, and the error's code when it is not `jinja-syntax`. */
type Plain = { message: string; hint: string; code?: string };

const RULES: Array<[RegExp, (m: RegExpExecArray) => Plain]> = [
  [/^parseSignature: expected comma after expression/, () => ({
    message: "a call's arguments are not closed: expected ',' or ')' after an argument",
    hint: "close the call with ')', or separate its arguments with ','",
  })],
  [/^parseAggregate: expected comma after expression/, () => ({
    message: "a list, dict or parenthesised expression is not closed: expected ',' or its closing bracket after an item",
    hint: "close it with ')', ']' or '}', or separate its items with ','",
  })],
  [/^parseAggregate: expected colon after dict key/, () => ({ message: "a dict key must be followed by ':' and a value", hint: "write {'key': value}" })],
  [/^parseFor: expected "in" keyword for loop/, () => ({ message: "a for loop needs 'in'", hint: 'write {% for item in items %}' })],
  [/^parseFor: variable name expected for loop/, () => ({ message: 'a for loop needs a variable name', hint: 'write {% for item in items %}' })],
  [/^parseSet: expected = or block end in set tag/, () => ({
    message: "{% set %} needs '=' and a value",
    hint: 'write {% set name = value %}, or {% set name %}...{% endset %}',
  })],
  [/^expected block end in (\w+) statement/, (m) => ({
    message: `the {% ${m[1]} %} tag is not closed with '%}' where expected`,
    hint: "look for a missing quote, bracket or operator, or an extra word, before '%}'",
  })],
  [/^expected variable end/, () => ({
    message: "this '{{ ... }}' is not closed with '}}' where expected",
    hint: "look for a missing quote, bracket or operator, or an extra word, before '}}'",
  })],
  [/^expected name as lookup value, got (.*)/, (m) => ({ message: `expected a name after '.', got '${m[1]}'`, hint: "write value.name, or value['key']" })],
  [/^unknown block tag: (else|elif|elseif)\b/, (m) => ({
    message: `'{% ${m[1]} %}' is not expected here: it belongs inside an open {% if %}${m[1] === 'else' ? ' or {% for %}' : ''}, before its {% else %} (an if has one {% else %}, after every {% elif %})`,
    hint: m[1] === 'else' ? 'remove the extra {% else %}, or make it {% elif condition %}' : 'move it before the {% else %} of its {% if %}, or open an {% if %} first',
  })],
  [/^unknown block tag: (test|endtest|docs|enddocs)\b/, (m) => ({
    message: `'{% ${m[1]} %}' is not a tag templates have here`,
    hint: m[1].endsWith('test')
      ? 'a {% test %} block defines a generic test: put it in a file under tests/generic/ or macros/'
      : 'a {% docs %} block belongs in a .md file, where doc() finds it',
  })],
  [/^unknown block tag: (\w+)/, (m) => ({
    message: `'{% ${m[1]} %}' is not a tag templates have`,
    hint: didYouMean(m[1], TAGS) || 'templates have if, for, set, macro, call, filter, raw, with and do tags, closed with end<tag>',
  })],
  [/^unexpected token: (.*)/, (m) => ({ message: `'${m[1]}' is not expected here`, hint: 'look for a missing value, operator or bracket before it' })],
  [/^expected expression, got end of file/, () => ({ message: 'the template ends where an expression was expected', hint: "close the last tag: '}}' or '%}'" })],
  [/^expected (\S+), got (\S+)/, (m) => ({
    message: `expected ${tokenName(m[1])} here, got ${tokenName(m[2])}`,
    hint: 'look for a missing or extra bracket, quote or comma before it',
  })],
  [/^\{% (break|continue) %\} is only allowed inside a for loop/, (m) => ({
    message: m[0],
    hint: `move it into the {% for %} loop it is meant for (a macro or a {% set %} block in the loop is outside it), or remove it`,
  })],
  [/^Jinja's recursive for loops/, (m) => ({
    code: 'unsupported-jinja',
    message: m.input,
    hint: 'write a macro that calls itself for the children: {% macro walk(items) %}{% for x in items %}...{{ walk(x.children) }}{% endfor %}{% endmacro %}',
  })],
  [/^tag name expected/, () => ({ message: "a tag name is expected after '{%'", hint: "write a tag ({% if ... %}), or write '{%' in SQL as {{ '{%' }}" })],
  // nunjucks' other parser messages name the function that failed first: keep the rest.
  [/^parse\w+: (.*)/, (m) => ({ message: m[1], hint: 'see the tag at this position' })],
];

/** nunjucks' parser message `message` said plainly, when it is one. */
export function plainParserMessage(message: string): Plain | undefined {
  for (const [pattern, plain] of RULES) {
    const m = pattern.exec(message);
    if (m) return plain(m);
  }
  return undefined;
}
