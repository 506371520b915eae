import { positionAt } from '../util/text-position.js';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node, type Pair, type Scalar, type YAMLError } from 'yaml';
import type { Diagnostics } from '../errors.js';
import type { Location } from './project-types.js';
import { ExactInteger } from '../util/exact-integer.js';

/** A step into a YAML value: a mapping key or a sequence index. */
export type YamlPath = readonly (string | number)[];

/** Gives the location of a key (or of its value) in one mapping; what validators report errors at. */
export type Locate = (key: string, part?: 'key' | 'value') => Location;

/** A parsed YAML file: the plain JS value plus the position of every mapping key, value and list item. */
export interface YamlFile {
  readonly file: string;
  /** The document as plain JS (null for an empty file; undefined after a syntax error). */
  readonly value: unknown;
  readonly ok: boolean;
  /** Location of what `path` names: the key itself (default) or its value; sequence items are their value. */
  at(path: YamlPath, part?: 'key' | 'value'): Location;
  /** Location of `key` inside `container`, a mapping or list taken from `value`. */
  locate(container: object, key: string | number, part?: 'key' | 'value'): Location;
  /** `locate` bound to one mapping. */
  locator(container: object): Locate;
  /** Where a mapping or list taken from `value` starts. */
  nodeLocation(container: object): Location;
}

/** Offsets of a collection: its start, and per key [key offset, value offset] or per item its offset. */
interface NodeInfo {
  start: number;
  keys?: Map<string, [number, number]>;
  items?: number[];
}

export function parseYamlFile(text: string, file: string, diagnostics: Diagnostics): YamlFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const info = new WeakMap<object, NodeInfo>();
  if (doc.errors.length > 0) {
    reportSyntaxError(doc, text, file, diagnostics);
    return makeYamlFile(file, undefined, false, info, lineCounter);
  }
  const recursive = aliasInsideItself(doc);
  if (recursive) {
    const { line, col } = lineCounter.linePos(start(recursive));
    diagnostics.error('yaml-syntax', `invalid YAML: ${describeAliasInsideItself(recursive)}`, { file, line, column: col }, 'write the values out here instead of the alias');
    return makeYamlFile(file, undefined, false, info, lineCounter);
  }
  const converter = new Converter(doc, info);
  const value = doc.contents ? converter.convert(doc.contents) : null;
  return makeYamlFile(file, value, true, info, lineCounter);
}

/**
 * The first alias inside the value it names (`&x {a: *x}`): a value holding itself, which every reader of it
 * would walk forever. (Anchors come before their aliases, so a cycle always runs through such an alias.)
 */
export function aliasInsideItself(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias: (_key, node, path) => {
      if (!path.includes(node.resolve(doc) as never)) return undefined;
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

export const describeAliasInsideItself = (alias: Alias) => `the alias ${String(alias)} is inside the value it names, so that value would never end`;

function reportSyntaxError(doc: Document, text: string, file: string, diagnostics: Diagnostics): void {
  const error = doc.errors[0];
  const position = error.linePos?.[0] ?? { line: 1, col: 1 };
  // The yaml library finds an unclosed bracket or quote where it gives up (often lines later): say where it opened.
  const open = /Flow (sequence|mapping)|Missing closing/.test(error.message) ? unclosedAt(text, error.pos?.[0] ?? text.length) : undefined;
  if (open) {
    const at = positionAt(text, open.offset);
    const what = open.char === '[' || open.char === '{' ? `this '${open.char}' is never closed with '${open.char === '[' ? ']' : '}'}'` : `this ${open.char} quote is never closed`;
    diagnostics.error('yaml-syntax', `invalid YAML: ${what}`, { file, line: at.line, column: at.column }, `close it (${describeYamlError(error)})`);
    return;
  }
  diagnostics.error('yaml-syntax', `invalid YAML: ${describeYamlError(error)}`, { file, line: position.line, column: position.col }, syntaxHint(error));
}

/** The innermost flow bracket or quote still open at `end` (comments and quoted text skipped), if any. */
function unclosedAt(text: string, end: number): { char: string; offset: number } | undefined {
  const open: Array<{ char: string; offset: number }> = [];
  let quote: { char: string; offset: number } | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote.char === '"') i++;
      else if (c === quote.char) {
        if (quote.char === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      const newline = text.indexOf('\n', i);
      i = newline < 0 ? text.length : newline;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = { char: c, offset: i };
    else if (c === '[' || c === '{') open.push({ char: c, offset: i });
    else if ((c === ']' || c === '}') && open.length > 0) open.pop();
  }
  return quote ?? open[open.length - 1];
}

/** The yaml library's message without its position suffix and code frame (and without its API advice). */
export function describeYamlError(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return "the file holds more than one YAML document: a line '---' starts another one here";
  return error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

const syntaxHints: Record<string, string> = {
  MULTIPLE_DOCS: "keep one document per file: move what follows the '---' into a file of its own, or remove the line",
  TAB_AS_INDENT: 'indent YAML with spaces, not tabs',
  DUPLICATE_KEY: 'remove or rename one of the two keys',
  BAD_INDENT: 'check the indentation of this line against its siblings',
  MISSING_CHAR: 'close the quote or bracket that was opened earlier',
  BLOCK_AS_IMPLICIT_KEY: "put a nested mapping on its own indented lines, or quote a value that contains ': '",
  MULTILINE_IMPLICIT_KEY: "check for a missing ':' or wrong indentation on the line before",
};

/** The yaml library reports a line indented off its siblings inside a list as a missing character too. */
function syntaxHint(error: YAMLError): string | null {
  if (error.code === 'MISSING_CHAR' && error.message.includes('without - indicator')) {
    return "check this line's indentation against the keys above it (or start a new list item with '- ')";
  }
  return syntaxHints[error.code] ?? null;
}

/** Turns yaml nodes into plain values, recording positions of collections in `info`. */
/** A scalar's value; an integer past what a number holds exactly stays as written (ExactInteger). */
export function exactValue(node: Scalar): unknown {
  const value = node.value;
  if (typeof value !== 'number' || Number.isSafeInteger(value) || !Number.isFinite(value) || node.type !== 'PLAIN' || typeof node.source !== 'string') return value;
  return ExactInteger.of(node.source, value);
}

class Converter {
  private readonly done = new Map<Node, unknown>();

  constructor(
    private readonly doc: Document,
    private readonly info: WeakMap<object, NodeInfo>,
  ) {}

  convert(node: unknown): unknown {
    if (isAlias(node)) return this.convert(node.resolve(this.doc));
    if (isScalar(node)) return exactValue(node);
    if (!isMap(node) && !isSeq(node)) return null;
    const known = this.done.get(node);
    if (known !== undefined) return known;
    return isMap(node) ? this.convertMap(node, node.items as Pair[]) : this.convertSeq(node, node.items);
  }

  private convertSeq(node: Node, items: unknown[]): unknown[] {
    const out: unknown[] = [];
    const offset = start(node);
    this.done.set(node, out);
    this.info.set(out, { start: offset, items: items.map((item) => start(item, offset)) });
    for (const item of items) out.push(this.convert(item));
    return out;
  }

  private convertMap(node: Node, pairs: Pair[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const keys = new Map<string, [number, number]>();
    const offset = start(node);
    this.done.set(node, out);
    this.info.set(out, { start: offset, keys });
    for (const pair of pairs) {
      const key = this.keyOf(pair.key);
      if (key === '<<' && isScalar(pair.key) && pair.key.type === 'PLAIN') {
        this.mergeInto(out, keys, this.convert(pair.value));
        continue;
      }
      const keyStart = start(pair.key, offset);
      const value = this.convert(pair.value);
      keys.set(key, [keyStart, value === null ? keyStart : start(pair.value, keyStart)]);
      setKey(out, key, value);
    }
    return out;
  }

  /** `<<: *defaults` (or a list of them): copy keys not already set, keeping their positions. */
  private mergeInto(out: Record<string, unknown>, keys: Map<string, [number, number]>, merged: unknown): void {
    for (const source of Array.isArray(merged) ? merged : [merged]) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) continue;
      const sourceKeys = this.info.get(source)?.keys;
      for (const [key, value] of Object.entries(source)) {
        if (keys.has(key)) continue;
        setKey(out, key, value);
        const position = sourceKeys?.get(key);
        if (position) keys.set(key, position);
      }
    }
  }

  private keyOf(key: unknown): string {
    const value = this.convert(key);
    if (value === null || value === undefined) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** Like `out[key] = value`, but a `__proto__` key stays a plain key. */
function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

function start(node: unknown, fallback = 0): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : fallback;
}

function makeYamlFile(file: string, value: unknown, ok: boolean, info: WeakMap<object, NodeInfo>, lines: LineCounter): YamlFile {
  const toLocation = (offset: number): Location => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  const nodeLocation = (container: object): Location => toLocation(info.get(container)?.start ?? 0);
  const locate = (container: object, key: string | number, part: 'key' | 'value' = 'key'): Location => {
    const node = info.get(container);
    if (!node) return toLocation(0);
    if (node.items) return toLocation(node.items[Number(key)] ?? node.start);
    const offsets = node.keys?.get(String(key));
    return toLocation(offsets ? offsets[part === 'key' ? 0 : 1] : node.start);
  };
  const at = (path: YamlPath, part: 'key' | 'value' = 'key'): Location => {
    let container: unknown = value;
    for (let i = 0; i < path.length; i++) {
      if (container === null || typeof container !== 'object') break;
      if (i === path.length - 1) return locate(container, path[i], part);
      const next = (container as Record<string, unknown>)[path[i]];
      if (next === null || typeof next !== 'object') return locate(container, path[i], part);
      container = next;
    }
    return container !== null && typeof container === 'object' ? nodeLocation(container) : toLocation(0);
  };
  return { file, value, ok, at, locate, locator: (container) => (key, part) => locate(container, key, part), nodeLocation };
}
