import type { Diagnostics } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { Location } from './project-types.js';
import type { Locate } from './yaml-file.js';
import { ExactInteger } from '../util/exact-integer.js';

export type Mapping = Record<string, unknown>;

/** Where diagnostics go, and (for YAML files) how to locate keys inside nested mappings and lists. */
export interface ReadContext {
  diagnostics: Diagnostics;
  /** Locations inside a nested mapping or list; without it nested problems point at the enclosing key. */
  locateIn?: (container: object) => Locate;
}

export function isMapping(value: unknown): value is Mapping {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof ExactInteger);
}

/** `a list`, `a mapping`, `the string 'x'`, ... for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof ExactInteger) return `the number ${value.digits}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string '${value.length > 40 ? value.slice(0, 37) + '...' : value}'`;
  return `the ${typeof value} ${String(value)}`;
}

/** An entry of a list for messages: `column 'id'`, or `an unnamed column` when it has no `name:`. */
export function describeEntry(kind: string, item: Mapping): string {
  return item.name === undefined || item.name === null ? `an unnamed ${kind}` : `${kind} '${String(item.name)}'`;
}

/** `unknown key 'x' in <where>` with a did-you-mean hint (or the valid keys when there are few). */
export function reportUnknownKey(
  diagnostics: Diagnostics, key: string, allowed: Iterable<string>, location: Location, where: string, otherwise: string | null = null,
): void {
  const candidates = [...allowed];
  const hint = didYouMean(key, candidates) || (candidates.length <= 15 ? `valid keys: ${candidates.join(', ')}` : otherwise);
  diagnostics.error('unknown-key', `unknown key '${key}' in ${where}`, location, hint);
}

/**
 * Reads typed values out of one mapping, reporting `invalid-value` (at the value) for wrong types
 * and `unknown-key` (at the key) for keys outside the allowed set. Invalid values read as undefined.
 */
export class MappingReader {
  readonly diagnostics: Diagnostics;

  constructor(
    readonly value: Mapping,
    readonly locate: Locate,
    readonly context: ReadContext,
    /** What the mapping is, for messages: `dbt_project.yml`, `model 'orders'`, ... */
    readonly where: string,
  ) {
    this.diagnostics = context.diagnostics;
  }

  /** A reader for the mapping under `key` (undefined, after reporting, when it is not a mapping). */
  child(key: string, where: string): MappingReader | undefined {
    const value = this.mapping(key);
    return value && new MappingReader(value, this.locateInside(value, key), this.context, where);
  }

  /** Locations inside `container` (found under `key`): exact for YAML, else the key's value. */
  locateInside(container: object, key: string): Locate {
    if (this.context.locateIn) return this.context.locateIn(container);
    const at = this.locate(key, 'value');
    return () => at;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.value, key);
  }

  /** `otherwise`: the hint when no allowed key is near (and there are too many to list). */
  checkKeys(allowed: ReadonlySet<string>, otherwise: string | null = null): void {
    for (const key of Object.keys(this.value)) {
      if (!allowed.has(key)) reportUnknownKey(this.diagnostics, key, allowed, this.locate(key, 'key'), this.where, otherwise);
    }
  }

  invalid(key: string, expected: string, hint: string | null = null): undefined {
    const message = `'${key}' in ${this.where} must be ${expected}, got ${describeValue(this.value[key])}`;
    this.diagnostics.error('invalid-value', message, this.locate(key, 'value'), hint);
    return undefined;
  }

  string(key: string): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'string' ? value : this.invalid(key, 'a string');
  }

  /** A string; numbers are accepted and turned into text (`version: 1.0`). */
  text(key: string): string | undefined {
    const value = this.value[key];
    return typeof value === 'number' ? String(value) : this.string(key);
  }

  boolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return typeof value === 'boolean' ? value : this.invalid(key, 'true or false');
  }

  integer(key: string, minimum = 0): number | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return Number.isInteger(value) && (value as number) >= minimum ? (value as number) : this.invalid(key, `a whole number of at least ${minimum}`);
  }

  /** One of `choices`; `instead` holds the hint for values known not to be there (dbt's that amp-dbt lacks). */
  oneOf<T extends string>(key: string, choices: readonly T[], instead: Readonly<Record<string, string>> = {}): T | undefined {
    const value = this.string(key);
    if (value === undefined || (choices as readonly string[]).includes(value)) return value as T | undefined;
    return this.invalid(key, `one of ${choices.join(', ')}`, (Object.hasOwn(instead, value) ? instead[value] : undefined) ?? (didYouMean(value, choices) || null));
  }

  /** A string or a list of strings, always returned as a list. */
  stringList(key: string): string[] | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    return this.invalid(key, 'a string or a list of strings');
  }

  mapping(key: string): Mapping | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return isMapping(value) ? value : this.invalid(key, 'a mapping (key: value lines)');
  }

  list(key: string): unknown[] | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value : this.invalid(key, "a list (lines starting with '- ')");
  }

  /** Readers for a list of mappings under `key` (`models:`, `columns:`); other entries are reported. */
  mappingItems(key: string, describe: (item: Mapping) => string): MappingReader[] {
    const list = this.list(key);
    if (!list) return [];
    const locateItem = this.locateInside(list, key);
    const out: MappingReader[] = [];
    list.forEach((item, index) => {
      if (isMapping(item)) out.push(new MappingReader(item, this.locateInside(item, key), this.context, describe(item)));
      else this.diagnostics.error('invalid-value', `each entry of '${key}' in ${this.where} must be a mapping (name: ...), got ${describeValue(item)}`, locateItem(String(index)), null);
    });
    return out;
  }
}
