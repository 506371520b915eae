import { modelDefinitionId } from './model-definition-id.js';
import { damagedDatabaseError } from './state-error.js';
import type { ManifestModel, ManifestModelInput } from './state-types.js';

/**
 * How a manifest is stored, the same on both databases. A manifest row holds its listing (the models'
 * definition ids and fingerprints, in name order: see formatListing) and the ids of the definition packs it reads. A pack is
 * one row holding many definitions (everything but the fingerprint and the SQL text), written by the
 * recording that first needed them; the next commit's manifest reuses its base's packs and adds one small
 * pack for the definitions that changed. Reading a 10,000-model manifest is then a few rows and JSON
 * parses instead of 10,000 row lookups. When the packs a manifest would read hold more than twice its
 * models (old definitions pile up as a project changes), its definitions are written into one fresh pack.
 * SQL text lives in its own table, one row per definition, read only when asked for (diffs).
 */

/**
 * A manifest's listing: `definitionId fingerprint` per model, in name order, all separated by single spaces
 * (`''` for no models). Names are the definitions'. Split in well under a millisecond for 10,000 models,
 * where the JSON it replaced (state schema 6) took a few to parse.
 */
export interface Listing {
  definitionIds: string[];
  fingerprints: string[];
}

/** A definition as a pack stores it: fields in DEFINITION_FIELDS order. */
type PackedDefinition = [
  definitionId: string, name: string, path: string, blobId: string | null, config: Record<string, unknown>,
  materialized: string, refs: string[], sources: string[], datasets: Record<string, string>, columns: unknown[],
  usedMacros: string[], usedVars: string[], contentHash: string,
];

export type StoredDefinition = Omit<ManifestModel, 'fingerprint'>;

/** A base manifest as stored: the packs it reads, with how many definitions each holds, and what they hold. */
export interface StoredBase {
  packs: ReadonlyArray<{ id: number; size: number }>;
  /** Whether the packs hold a definition (each of the base's models; a pack may hold more, and their SQL is stored too). */
  holds: (definitionId: string) => boolean;
}

/** A stored base whose packs are known by the definitions its listing's text names. */
export function baseFromListing(packs: StoredBase['packs'], listingText: string): StoredBase {
  const ids = new Set(parseListing(listingText).definitionIds);
  return { packs, holds: (id) => ids.has(id) };
}

/**
 * A stored base whose packs are parsed already (PackCache.parsed: the recording read the base manifest):
 * what they hold is known without reading and splitting the base's listing (1.3 MB for 10,000 models) again.
 */
export function baseFromPacks(packs: StoredBase['packs'], contents: readonly PackContents[]): StoredBase {
  return { packs, holds: (id) => contents.some((pack) => pack.has(id)) };
}

/** What saving a manifest writes. */
export interface ManifestWrite {
  /** The listing's text (formatListing). */
  listing: string;
  /** Packs of the base manifest this one reads too. */
  keptPacks: number[];
  /** A pack to insert (its id is added to the manifest's packs), or null. */
  newPack: { size: number; body: string } | null;
  /** SQL text of definitions the base did not have (inserted unless present). */
  sql: Array<{ definitionId: string; canonicalSql: string; incrementalSql: string | null }>;
}

/** Slack before a manifest's packs are rewritten as one (so small projects are not repacked at every commit). */
const REPACK_SLACK = 64;

function definitionIdOf(model: ManifestModelInput): string {
  if (model.definitionId !== undefined) return model.definitionId;
  if (model.canonicalSql === undefined) throw new Error(`model '${model.name}' has neither a definition id nor its SQL text`);
  return modelDefinitionId({ ...model, canonicalSql: model.canonicalSql, incrementalSql: model.incrementalSql ?? null });
}

const packed = (id: string, m: ManifestModelInput): PackedDefinition => [
  id, m.name, m.path, m.blobId, m.config, m.materialized, m.refs, m.sources, m.datasets, m.columns, m.usedMacros, m.usedVars, m.contentHash,
];

/** Decides what to write for `models` (sorted by name), given the stored base manifest (or null). Pure. */
export function planManifestWrite(models: readonly ManifestModelInput[], base: StoredBase | null): ManifestWrite {
  const ids = models.map(definitionIdOf);
  const fresh: number[] = [];
  const sql: ManifestWrite['sql'] = [];
  models.forEach((model, i) => {
    if (base?.holds(ids[i])) return;
    if (model.canonicalSql === undefined) {
      throw new Error(`model '${model.name}': definition ${ids[i].slice(0, 12)} is not in the base manifest and its SQL text was not given`);
    }
    fresh.push(i);
    sql.push({ definitionId: ids[i], canonicalSql: model.canonicalSql, incrementalSql: model.incrementalSql ?? null });
  });
  const listing = formatListing({ definitionIds: ids, fingerprints: models.map((m) => m.fingerprint) });
  const baseSize = base ? base.packs.reduce((sum, pack) => sum + pack.size, 0) : 0;
  const extend = base !== null && baseSize + fresh.length <= 2 * models.length + REPACK_SLACK;
  const inPack = extend ? fresh : models.map((_, i) => i);
  const unique = [...new Map(inPack.map((i) => [ids[i], packed(ids[i], models[i])])).values()];
  return {
    listing,
    keptPacks: extend ? base.packs.map((pack) => pack.id) : [],
    newPack: unique.length > 0 ? { size: unique.length, body: formatPack(unique) } : null,
    sql,
  };
}

/**
 * A pack as stored since state schema 8: `{"format": 2, "strings": [...], "values": [...], "definitions": [...]}`.
 * A definition's name, materialization and refs are indexes into `strings` (a name is written once, however many
 * models ref it), and its config, sources, datasets, columns, used macros and used vars are indexes into `values`
 * (distinct JSON values, written once: most models share theirs). Its id, path, blob id and content hash are
 * written as they are. A 10,000-model pack is a third smaller than the array of definitions it replaced and
 * parses a quarter faster (fewer strings and objects to make), the most of what reading a manifest costs.
 * Reading shares the interned values between the pack's definitions: a manifest's models are read-only.
 */
interface PackFormat2 {
  format: 2;
  strings: string[];
  values: unknown[];
  definitions: Array<[
    definitionId: string, name: number, path: string, blobId: string | null, config: number, materialized: number,
    refs: number[], sources: number, datasets: number, columns: number, usedMacros: number, usedVars: number, contentHash: string,
  ]>;
}

/** A pack's text (format 2) for `definitions`. */
export function formatPack(definitions: readonly PackedDefinition[]): string {
  const strings = new Interned<string>((s) => s);
  const values = new Interned<unknown>((v) => JSON.stringify(v));
  const packedDefinitions: PackFormat2['definitions'] = definitions.map((d) => [
    d[0], strings.index(d[1]), d[2], d[3], values.index(d[4]), strings.index(d[5]), d[6].map((ref) => strings.index(ref)),
    values.index(d[7]), values.index(d[8]), values.index(d[9]), values.index(d[10]), values.index(d[11]), d[12],
  ]);
  const pack: PackFormat2 = { format: 2, strings: strings.items, values: values.items, definitions: packedDefinitions };
  return JSON.stringify(pack);
}

/** Distinct items in first-seen order, each with its index; `key` tells equal items apart. */
class Interned<T> {
  readonly items: T[] = [];
  private readonly indexes = new Map<string, number>();

  constructor(private readonly key: (item: T) => string) {}

  index(item: T): number {
    const key = this.key(item);
    let index = this.indexes.get(key);
    if (index === undefined) {
      index = this.items.length;
      this.items.push(item);
      this.indexes.set(key, index);
    }
    return index;
  }
}

/** Fields of a format 2 definition that index `values`: config, sources, datasets, columns, used macros, used vars. */
const VALUE_FIELDS = [4, 7, 8, 9, 10, 11];

/** A pack's definitions by id. */
export type PackContents = ReadonlyMap<string, PackedDefinition>;

/**
 * A stored pack's definitions: format 2, or the array of definitions state schemas 5 to 7 wrote (what an amp-dbt
 * from before, still running when the database was upgraded, writes). Text of another shape is a SyntaxError
 * (readStoredManifest reports it as damage).
 */
export function parsePack(body: string): PackContents {
  const parsed = JSON.parse(body) as PackFormat2 | PackedDefinition[];
  if (Array.isArray(parsed)) return new Map(parsed.map((d) => [d[0], d]));
  if (parsed?.format !== 2 || !Array.isArray(parsed.definitions)) throw new SyntaxError('its definition pack is of no format this amp-dbt knows');
  const { strings, values } = parsed;
  const contents = new Map<string, PackedDefinition>();
  // Each parsed definition is turned into a PackedDefinition in place: replacing the indexes of an array
  // JSON.parse made costs a fifth of making new arrays (10,000 definitions: ~7 ms against ~40 under load).
  for (const stored of parsed.definitions) {
    const d = stored as unknown[];
    const refs = d[6] as unknown[];
    for (let i = 0; i < refs.length; i++) refs[i] = strings[refs[i] as number];
    d[1] = strings[d[1] as number];
    d[5] = strings[d[5] as number];
    for (const field of VALUE_FIELDS) d[field] = values[d[field] as number];
    contents.set(stored[0], d as PackedDefinition);
  }
  return contents;
}

/**
 * Parsed packs of one open store, newest use last. A pack never changes once written, so reading the
 * manifests of a diff parses the pack they share once, and a long-running process (the GitHub App) keeps
 * the packs of recent manifests parsed. Bounded by the definitions held, not the packs.
 */
export class PackCache {
  private readonly packs = new Map<number, PackContents>();
  private held = 0;

  constructor(private readonly maxDefinitions = 50_000) {}

  /** The packs `ids`, parsing those not held with `read` (which returns the bodies of the ids given). */
  async get(ids: readonly number[], read: (missing: number[]) => Promise<Map<number, string>> | Map<number, string>): Promise<PackContents[]> {
    const missing = ids.filter((id) => !this.packs.has(id));
    const bodies = missing.length > 0 ? await read(missing) : new Map<number, string>();
    return ids.map((id) => {
      let pack = this.packs.get(id);
      if (pack) {
        this.packs.delete(id);
      } else {
        const body = bodies.get(id);
        if (body === undefined) throw damagedDatabaseError(`definition pack ${id} is missing`);
        pack = parsePack(body);
        this.held += pack.size;
      }
      this.packs.set(id, pack);
      this.evict(id);
      return pack;
    });
  }

  /** The packs `ids` when every one is parsed already (without counting as a use), else undefined. */
  parsed(ids: readonly number[]): PackContents[] | undefined {
    const packs = ids.map((id) => this.packs.get(id));
    return packs.every((pack) => pack !== undefined) ? packs as PackContents[] : undefined;
  }

  private evict(keep: number): void {
    for (const [id, pack] of this.packs) {
      if (this.held <= this.maxDefinitions) return;
      if (id === keep) continue;
      this.packs.delete(id);
      this.held -= pack.size;
    }
  }
}

/** The models of a stored manifest, from its listing's text and the packs it reads. */
export function unpackModels(listingText: string, packs: readonly PackContents[]): ManifestModel[] {
  const { definitionIds, fingerprints } = parseListing(listingText);
  // A definition id is a content address: every pack holding it holds the same definition, so the largest
  // pack, which holds most of them, is asked first.
  const bySize = [...packs].sort((a, b) => b.size - a.size);
  return definitionIds.map((id, i) => {
    let d: PackedDefinition | undefined;
    for (let p = 0; d === undefined && p < bySize.length; p++) d = bySize[p].get(id);
    if (!d) throw damagedDatabaseError(`definition ${id} of the manifest's model ${i + 1} is in none of its packs`);
    return {
      name: d[1], path: d[2], blobId: d[3], config: d[4], materialized: d[5], refs: d[6], sources: d[7], datasets: d[8],
      contentHash: d[12], fingerprint: fingerprints[i], columns: d[9], usedMacros: d[10], usedVars: d[11], definitionId: id,
    };
  });
}

/** A copy of `m` with another fingerprint (a literal of one shape: cheaper than a spread, 10,000 times over). */
export function withFingerprint(m: ManifestModel, fingerprint: string): ManifestModel {
  return {
    name: m.name, path: m.path, blobId: m.blobId, config: m.config, materialized: m.materialized, refs: m.refs, sources: m.sources,
    datasets: m.datasets, contentHash: m.contentHash, fingerprint, columns: m.columns, usedMacros: m.usedMacros, usedVars: m.usedVars,
    definitionId: m.definitionId,
  };
}

/** The listing's text; ids and fingerprints are not empty and hold no space (they are hashes; a test's may be short words). */
export function formatListing(listing: Listing): string {
  const { definitionIds: ids, fingerprints } = listing;
  const parts = new Array<string>(2 * ids.length);
  for (let i = 0; i < ids.length; i++) {
    parts[2 * i] = ids[i];
    parts[2 * i + 1] = fingerprints[i];
  }
  const text = parts.join(' ');
  // One look at the whole text rather than two per model: 2n parts, none empty and none holding a space,
  // are exactly 2n - 1 single spaces with none at either end.
  let spaces = 0;
  for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', at + 1)) spaces++;
  if (parts.length > 0 && (spaces !== parts.length - 1 || text.startsWith(' ') || text.endsWith(' ') || text.includes('  '))) {
    const i = ids.findIndex((id, k) => [id, fingerprints[k]].some((part) => part === '' || part.includes(' ')));
    throw new Error(`definition id '${ids[i]}' or fingerprint '${fingerprints[i]}' cannot be listed: it is empty or holds a space`);
  }
  return text;
}

/** A stored listing; text of another shape does not parse (a SyntaxError, which readStoredManifest reports as damage). */
export function parseListing(text: string): Listing {
  if (text.startsWith('[')) return parseJsonListing(text);
  const parts = text === '' ? [] : text.split(' ');
  if (parts.length % 2 !== 0 || parts.includes('')) throw new SyntaxError('its listing is not pairs of definition id and fingerprint');
  const definitionIds = new Array<string>(parts.length / 2);
  const fingerprints = new Array<string>(parts.length / 2);
  for (let i = 0; i < definitionIds.length; i++) {
    definitionIds[i] = parts[2 * i];
    fingerprints[i] = parts[2 * i + 1];
  }
  return { definitionIds, fingerprints };
}

/**
 * A listing as state schema 6 wrote it, JSON `[[name, definitionId, fingerprint], ...]`: what an amp-dbt from
 * before still running when the database was upgraded (a long-lived process: it checked the version when it
 * opened it) writes. Read as it is, so that manifest is not taken for a damaged database.
 */
function parseJsonListing(text: string): Listing {
  const entries = JSON.parse(text) as unknown;
  const valid = Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 3 && e.every((v) => typeof v === 'string'));
  if (!valid) throw new SyntaxError('its listing is neither pairs of definition id and fingerprint nor a JSON listing of state schema 6');
  const listed = entries as Array<[string, string, string]>;
  return { definitionIds: listed.map((e) => e[1]), fingerprints: listed.map((e) => e[2]) };
}

/** Reads a stored manifest with `read`; rows whose JSON does not parse are a damaged database (damagedError). */
export async function readStoredManifest<T>(commit: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof SyntaxError) throw damagedDatabaseError(`the manifest of ${commit.slice(0, 12)} does not parse (${error.message})`, error);
    throw error;
  }
}
