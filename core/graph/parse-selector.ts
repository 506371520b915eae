import { SelectionError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';

export type SelectorMethod = 'name' | 'path' | 'file' | 'fqn' | 'package' | 'tag' | 'config' | 'source' | 'resource_type' | 'state';

/** One selector part such as `2+tag:daily+1`. */
export interface SelectorAtom {
  /** The part as written. */
  raw: string;
  method: SelectorMethod;
  /** For `config.<key>:` the key (may be dotted); otherwise ''. */
  key: string;
  value: string;
  /** `+m` / `2+m`: ancestors up to this depth (Infinity: all); null without the operator. */
  parentsDepth: number | null;
  /** `m+` / `m+1`: descendants up to this depth (Infinity: all); null without the operator. */
  childrenDepth: number | null;
  /** `@m`: m, its descendants and all their ancestors. */
  childrensParents: boolean;
}

export const SELECTOR_HINT =
  'supported selectors: a model name or glob (stg_*), a folder or fully qualified name (staging, shop.staging.*), ' +
  'path:models/staging, file:orders.sql, fqn:shop.staging.*, package:shop, tag:daily, config.materialized:table ' +
  '(any config.<key>:<value>), source:eth or source:eth.logs, resource_type:model or resource_type:source, state:modified / state:new; graph operators: ' +
  '+m (ancestors), m+ (descendants), 2+m and m+1 (limited depth), @m (descendants and their ancestors); ' +
  'spaces separate unions, commas join intersections';

const METHODS = ['path', 'file', 'fqn', 'package', 'tag', 'config', 'source', 'resource_type', 'state'];
const PART = /^(@)?(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/s;

/** A selector term without its graph operators: `countries` of `countries+`, `2+countries+1` and `@countries`. */
export function withoutGraphOperators(term: string): string {
  return (PART.exec(term) as RegExpExecArray)[3];
}

/** One CLI argument: space-separated union terms, each a comma-joined intersection of atoms. */
export function parseSelector(argument: string): SelectorAtom[][] {
  return argument.split(/\s+/).filter((term) => term !== '').map(parseTerm);
}

function parseTerm(term: string): SelectorAtom[] {
  return term.split(',').map((part) => {
    if (part === '') throw invalid(`selector '${term}' has an empty part around a comma`);
    return parseAtom(part);
  });
}

function parseAtom(raw: string): SelectorAtom {
  const [, at, parents, body, children] = PART.exec(raw) as RegExpExecArray;
  if (at && parents !== undefined) throw invalid(`selector '${raw}' combines '@' with a '+' prefix, which is not allowed`);
  if (body === '' || /[+@]/.test(body)) throw invalid(`malformed selector '${raw}'`);
  return {
    raw,
    ...parseMethod(raw, body),
    parentsDepth: depth(parents),
    childrenDepth: depth(children),
    childrensParents: at !== undefined,
  };
}

function parseMethod(raw: string, body: string): { method: SelectorMethod; key: string; value: string } {
  const colon = body.indexOf(':');
  if (colon === -1) return { method: /\/|\.sql$/i.test(body) ? 'path' : 'name', key: '', value: body };
  const name = body.slice(0, colon);
  const value = body.slice(colon + 1);
  const [method, ...keyParts] = name.split('.');
  const key = keyParts.join('.');
  if (!METHODS.includes(method) || (key !== '') !== (method === 'config')) throw unknownMethod(raw, name);
  if (value === '') throw invalid(`selector '${raw}' has no value after '${name}:'`);
  return { method: method as SelectorMethod, key, value };
}

function unknownMethod(raw: string, name: string): SelectionError {
  if (name === 'config') return invalid(`selector '${raw}' needs a config key, e.g. config.materialized:table`);
  const suggestion = didYouMean(name, [...METHODS.filter((m) => m !== 'config'), 'config.materialized']);
  return invalid(`unknown selector method '${name}' in '${raw}'${suggestion ? `; ${suggestion}` : ''}`);
}

function depth(digits: string | undefined): number | null {
  if (digits === undefined) return null;
  return digits === '' ? Infinity : Number(digits);
}

function invalid(message: string): SelectionError {
  return new SelectionError('invalid-selector', message, { hint: SELECTOR_HINT });
}
