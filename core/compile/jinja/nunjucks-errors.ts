import { didYouMean } from '../../util/did-you-mean.js';
import { CompileError } from '../../errors.js';
import { positionAt, positionOf } from '../../util/text-position.js';
import { PYTHON_STRING_METHOD_NAMES } from './python-string-methods.js';
import { plainParserMessage } from './nunjucks-parser-messages.js';

const blockOpeners = new Set(['if', 'for', 'macro', 'call', 'filter', 'raw', 'verbatim', 'block']);
const blockClosers = new Map([['endif', 'if'], ['endfor', 'for'], ['endmacro', 'macro'], ['endcall', 'call'],
  ['endfilter', 'filter'], ['endraw', 'raw'], ['endverbatim', 'verbatim'], ['endblock', 'block'], ['endset', 'set']]);

/** The `{% tag %}` that is never closed, for "got end of file" errors nunjucks reports without a line. */
function unclosedBlock(content: string): { tag: string; offset: number } | undefined {
  const stack: Array<{ tag: string; offset: number }> = [];
  for (const m of content.matchAll(/\{%-?\s*(\w+)([^%]*)%\}/g)) {
    const tag = m[1];
    const isBlockSet = tag === 'set' && !m[2].includes('=');
    if (blockOpeners.has(tag) || isBlockSet) stack.push({ tag, offset: m.index });
    else if (blockClosers.has(tag) && stack.length && stack[stack.length - 1].tag === blockClosers.get(tag)) stack.pop();
  }
  return stack.pop();
}

/** The first `{% end... %}` that does not close the innermost open block, with that block (none: nothing is open). */
function mismatchedCloser(content: string): { closer: string; offset: number; open?: { tag: string; offset: number } } | undefined {
  const stack: Array<{ tag: string; offset: number }> = [];
  for (const m of content.matchAll(/\{%-?\s*(\w+)([^%]*)%\}/g)) {
    const tag = m[1];
    if (blockOpeners.has(tag) || (tag === 'set' && !m[2].includes('='))) stack.push({ tag, offset: m.index });
    else if (blockClosers.has(tag)) {
      const open = stack.pop();
      if (open?.tag !== blockClosers.get(tag)) return { closer: tag, offset: m.index, ...(open ? { open } : {}) };
    }
  }
  return undefined;
}

/** Globals of Jinja (Python) that nunjucks does not have. */
const JINJA_ONLY_GLOBALS = new Set(['lipsum']);

/** Python's string methods that templates do not have (those they have: python-string-methods.ts). */
const OTHER_PYTHON_STRING_METHODS = new Set(['expandtabs', 'translate', 'encode', 'istitle', 'isdecimal',
  'isidentifier', 'isprintable']);

/** What nunjucks says it could not call (`a["b"]["c"]`) as the names of the path: `['a', 'b', 'c']`. */
export function callPath(called: string): string[] {
  const path = [/^[^[]*/.exec(called)![0]];
  for (const m of called.matchAll(/\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*'([^']*)'\s*\]/g)) path.push(m[1] ?? m[2]);
  return path;
}

/** Where the call is written: the path with `.` or `["..."]` between its names, then `(`. */
export function callPattern(path: readonly string[]): RegExp {
  const escaped = path.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`\\b${escaped.join(`['"]?\\s*\\]?\\s*(?:\\.\\s*|\\[\\s*['"])`)}['"]?\\s*\\]?\\s*\\(`);
}

/** dbt packages projects commonly call macros of (`dbt_utils.star(...)`): such a call is said to need the package. */
const KNOWN_PACKAGES = new Set(['dbt_utils', 'dbt_expectations', 'dbt_date', 'codegen', 'audit_helper', 'dbt_external_tables',
  'fivetran_utils', 'elementary', 'metrics', 'dbt_artifacts', 'dbt_project_evaluator', 'dbt_constraints', 'spark_utils', 'dbt_meta_testing']);

/** What amp-dbt has of dbt's objects whose other members are not supported. */
const PARTIAL_DBT_OBJECTS: Record<string, string> = {
  adapter: "amp-dbt's adapter has dispatch() and quote() only: models are rendered without a connection to the warehouse",
  exceptions: "amp-dbt's exceptions has raise_compiler_error() and warn() only; to show a message, use log('...', info=True)",
};

function undefinedCallText(path: readonly string[], macros: readonly string[]): { code?: string; message: string; hint: string } {
  const [root] = path;
  const member = path[path.length - 1];
  if (path.length === 2 && Object.hasOwn(PARTIAL_DBT_OBJECTS, root)) {
    return { code: 'unsupported-dbt', message: `dbt's ${root}.${member}() is not supported by amp-dbt`, hint: PARTIAL_DBT_OBJECTS[root] };
  }
  if (path.length === 2 && KNOWN_PACKAGES.has(root)) {
    return {
      code: 'unsupported-dbt',
      message: `'${root}.${member}(...)' calls a macro of the dbt package '${root}': amp-dbt does not install dbt packages`,
      hint: macros.includes(member) ? `the project has a macro '${member}': call it as ${member}(...)`
        : `copy the macro '${member}' (and what it calls) into a file under macros/ and call it as ${member}(...)`,
    };
  }
  if (path.length === 1 && root === 'caller') {
    return { message: "caller() is called, but the macro was not called from a {% call %} block", hint: 'call the macro as {% call name(...) %}body{% endcall %}: caller() gives the body' };
  }
  if (path.length === 1 && JINJA_ONLY_GLOBALS.has(root)) {
    return { message: `Jinja's ${root}() is not supported (templates are rendered by nunjucks)`, hint: 'collect values with {% set %} and a list, or in a macro, instead' };
  }
  if (path.length === 1) {
    const near = didYouMean(root, macros);
    return { message: `'${root}' is not a macro or function`, hint: near || `define it with {% macro ${root}(...) %} in a file under macros/, or check its spelling` };
  }
  const relation = root === 'this' ? "'this'" : /^the return value of \((ref|source)\)$/.exec(root) ? `what ${/\((\w+)\)/.exec(root)![1]}() gives` : undefined;
  if (path.length === 2 && relation) {
    return {
      code: 'unsupported-dbt',
      message: `${relation} is a relation, which has database, schema, identifier and name in amp-dbt's templates, not ${member}(): dbt's Relation methods are not supported`,
      hint: 'write the relation itself ({{ this }}, {{ ref(...) }}), or its parts ({{ this.schema }}, {{ this.identifier }})',
    };
  }
  const written = path.join('.');
  return {
    message: `'${written}(...)' cannot be called: '${path.slice(0, -1).join('.')}' is undefined or has no '${member}'`,
    hint: OTHER_PYTHON_STRING_METHODS.has(member)
      ? `strings in templates have Python's ${PYTHON_STRING_METHOD_NAMES.join(', ')}; for others use a filter or a macro`
      : path.length === 2
        ? `check the spelling of '${root}' and '${member}'; if '${root}' is a dbt package: amp-dbt does not install packages, so copy the macro '${member}' into macros/ and call it as ${member}(...)`
        : `check the spelling of '${root}' and '${member}'`,
  };
}

/** The first tag (`{{ }}`, `{% %}`) with an odd number of a quote character: a string left open. */
function openStringTag(content: string): number | undefined {
  for (const m of content.matchAll(/\{[{%][\s\S]*?[}%]\}/g)) {
    const body = m[0].replace(/\\./g, '');
    if ((body.match(/'/g)?.length ?? 0) % 2 === 1 || (body.match(/"/g)?.length ?? 0) % 2 === 1) return m.index;
  }
  return undefined;
}

/** The offset of the first `{{` (or `{%`) with no `}}` (`%}`) after it (outside quoted strings), if any. */
function unclosedTag(content: string, open: '{{' | '{%'): number | undefined {
  const close = open === '{{' ? '}' : '%';
  for (let at = content.indexOf(open); at >= 0; at = content.indexOf(open, at + 2)) {
    let quote = '';
    let closed = -1;
    for (let i = at + 2; i < content.length - 1 && closed < 0; i++) {
      const c = content[i];
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === "'" || c === '"') quote = c;
      else if (c === close && content[i + 1] === '}') closed = i;
    }
    if (closed < 0) return at;
    at = closed;
  }
  return undefined;
}

/**
 * Where a nunjucks render error happened (the line and column of the call or output being rendered when it was
 * thrown, counted from 0), also on a template's first line, whose position nunjucks leaves out of the message.
 */
export function renderErrorPosition(error: unknown): { line: number; column: number } | undefined {
  const position = (error as { templatePosition?: { line: number; column: number } } | null)?.templatePosition;
  return typeof position?.line === 'number' ? position : undefined;
}

/** What a template can name, for did-you-mean hints: the project's macros, the environment's filters and tests. */
export interface TemplateNames {
  readonly macros?: readonly string[];
  readonly filters?: readonly string[];
  readonly tests?: readonly string[];
}

/**
 * A filter or Jinja test nunjucks did not find (`filter not found: uppr`, `test not found: oddd`), with where such a
 * use is written (`| uppr`, `is oddd`, `is not oddd`): nunjucks gives no position for either.
 */
export function missingFilterOrTest(message: string): { kind: 'filter' | 'test'; name: string; use: RegExp } | undefined {
  const m = /^(filter|test) not found: (\w+)/.exec(message);
  if (!m) return undefined;
  const kind = m[1] as 'filter' | 'test';
  return { kind, name: m[2], use: kind === 'filter' ? new RegExp(`\\|\\s*${m[2]}\\b`) : new RegExp(`\\bis\\s+(?:not\\s+)?${m[2]}\\b`) };
}

/**
 * Turn a nunjucks error into a CompileError at file:line:column.
 * nunjucks reports parse errors 1-based and runtime errors 0-based ("[Line 2, Column 9]").
 */
export function nunjucksError(error: unknown, file: string, content: string, phase: 'parse' | 'render', names: TemplateNames = {}): CompileError {
  const raw = error instanceof Error ? error.message : String(error);
  const position = /\[Line (\d+)(?:, Column (\d+))?\]/.exec(raw);
  let message = raw.replace(/^\([^)]*\)(?: \[Line \d+(?:, Column \d+)?\])?\s*/, '').replace(/^(?:Template render error: )?(?:Error: )?/, '').trim();
  const offset = phase === 'parse' ? 0 : 1;
  // On a template's first line nunjucks leaves the position out of the message: the error carries it.
  const reported = phase === 'render' && !position ? renderErrorPosition(error) : undefined;
  let line = position ? Number(position[1]) + offset : reported ? reported.line + 1 : 1;
  let column = position?.[2] ? Number(position[2]) + offset : reported ? reported.column + 1 : 1;
  let code = phase === 'parse' ? 'jinja-syntax' : 'jinja-render';
  let hint: string | null = null;

  const undefinedCall = /Unable to call `([^`]+)`, which is undefined or falsey/.exec(message);
  if (/Maximum call stack size exceeded/.test(message)) {
    // A macro calling itself with nothing to stop it: JavaScript's stack runs out (nunjucks wraps the message once per level).
    message = 'the render never ends: a macro calls itself (directly or through other macros) with no case that stops it';
    hint = 'give the recursion a condition that ends it, or write the macro with a loop';
    return new CompileError(code, message, { location: { file, line, column }, hint });
  }
  const undefinedUse = /^UndefinedError: ([\s\S]*)$/.exec(message);
  if (undefinedUse) {
    // Something other than printing, testing or iterating done with an undefined value (jinja-undefined.ts): Jinja's message.
    message = undefinedUse[1];
    hint = "define it (a var(), a {% set %}, a macro's parameter), check its spelling, or test it first: {% if x is defined %}, x | default(...)";
    return new CompileError('undefined-value', message, { location: { file, line, column }, hint });
  }
  // nunjucks' own crashes (a TypeError while reading the template) on what Jinja reports as a syntax error:
  // said as one, at the string left open when there is one.
  if (error instanceof TypeError || /^TypeError: /.test(message)) {
    const open = openStringTag(content);
    code = 'jinja-syntax';
    message = open === undefined ? `the template could not be read (${message})` : 'a string in this tag is never closed';
    hint = open === undefined ? 'look for an unclosed string, bracket or tag' : 'close the quote';
    if (open !== undefined) ({ line, column } = positionAt(content, open));
  } else if (undefinedCall) {
    const path = callPath(undefinedCall[1]);
    const text = undefinedCallText(path, names.macros ?? []);
    ({ message, hint } = text);
    code = text.code ?? 'undefined-macro';
    const call = callPattern(path);
    const at = positionOf(content, call);
    if (at.line >= 1 && !position) ({ line, column } = at);
    else if (position) {
      const lineText = content.split('\n')[line - 1] ?? '';
      const col = lineText.search(call);
      if (col >= 0) column = col + 1;
    }
  } else if (missingFilterOrTest(message)) {
    const { kind, name, use } = missingFilterOrTest(message)!;
    const near = didYouMean(name, kind === 'filter' ? names.filters ?? [] : names.tests ?? []);
    hint = near || (kind === 'filter'
      ? 'nunjucks has filters such as upper, lower, trim, replace, join, default, length, round, int and float; write a macro for anything else'
      : `the tests are ${(names.tests ?? []).join(', ')}`);
    const at = content.search(use);
    if (at >= 0 && !position) ({ line, column } = positionAt(content, at));
  } else if (/^expected end of comment/.test(message) && !position) {
    const open = content.lastIndexOf('{#');
    if (open >= 0 && !content.includes('#}', open)) ({ line, column } = positionAt(content, open));
    message = "a '{#' comment is never closed";
    hint = 'close it with #}';
  } else if (/^expected variable end/.test(message) && !position) {
    const string = openStringTag(content);
    const open = string ?? unclosedTag(content, '{{');
    if (open !== undefined) ({ line, column } = positionAt(content, open));
    message = string !== undefined ? 'a string in this tag is never closed' : open !== undefined ? "this '{{' is never closed with '}}'" : message;
    hint = string !== undefined ? 'close the quote' : "close it with }}, or write '{{' in SQL as {{ '{{' }}";
  } else if (/^expected block end in \w+ statement/.test(message) && !position && unclosedTag(content, '{%') !== undefined) {
    // A `{% tag` never closed with `%}` at the end of the template: nunjucks gives no position.
    ({ line, column } = positionAt(content, unclosedTag(content, '{%')!));
    message = `this '{% ${/^expected block end in (\w+)/.exec(message)![1]}' is never closed with '%}'`;
    hint = "close it with %}, or write '{%' in SQL as {{ '{%' }}";
  } else if (/^unknown block tag: end\w+/.test(message) && mismatchedCloser(content)) {
    // `{% if %}{% for %}{% endif %}`: nunjucks says only that it did not expect the endif.
    const { closer, offset, open } = mismatchedCloser(content)!;
    ({ line, column } = positionAt(content, offset));
    if (open) {
      message = `'{% ${closer} %}' cannot close '{% ${open.tag} %}' (line ${positionAt(content, open.offset).line}), which is still open`;
      hint = `add {% end${open.tag} %} before it`;
    } else {
      message = `'{% ${closer} %}' has no '{% ${blockClosers.get(closer)} %}' to close`;
      hint = `remove it, or open the block with {% ${blockClosers.get(closer)} ... %}`;
    }
  } else if (/end of file/.test(message)) {
    const open = unclosedBlock(content);
    if (open) {
      ({ line, column } = positionAt(content, open.offset));
      message = `'{% ${open.tag} %}' is never closed (${message.replace(/^\w+: /, '')})`;
      hint = `add {% end${open.tag} %}`;
    }
  } else {
    const plain = plainParserMessage(message);
    if (plain) {
      ({ message, hint } = plain);
      code = plain.code ?? code;
    }
  }
  return new CompileError(code, message, { location: { file, line, column }, hint });
}
