import type { Project, Target } from '../project/project-types.js';
import { readSeedColumnTypes } from '../seed/read-seed-column-types.js';
import { refableSeeds } from '../seed/refable-seeds.js';
import type { SeedFile } from '../seed/seed-file.js';
import { Diagnostics } from '../errors.js';

/** A seed file's blob id as the partial-compile cache keeps it, with the file's stamp when it was hashed. */
export interface CachedSeed {
  path: string;
  /** FileSource.stamp when the file was hashed: the same stamp is the same content, not read again. */
  stamp?: string;
  blobId: string;
}

/** The blob ids of the seeds models read, taken from the cache for files whose stamp is unchanged. */
export interface SeedBlobIds {
  /** A seed's blob id (hashing its file only when its stamp changed): CompileOptions.seedBlobId. */
  ofSeed(seed: SeedFile): string | undefined;
  /** The blob id of the refable seed of that name, undefined when there is none. */
  ofName(name: string): string | undefined;
  /** What the next cache keeps: every seed asked for, by name. */
  seen(): Record<string, CachedSeed>;
  /** Whether a seed has another blob id than the cache kept, or was hashed again and has a stamp now: the cache should be rewritten to keep it. */
  outdated(): boolean;
}

/**
 * Seed files' git blob ids for a compile of the working tree: a tens-of-MB seed is read and hashed only when
 * its stamp (size, times, inode) differs from the one kept with its id, as model files are (compile-cache.ts).
 */
export function cachedSeedBlobIds(project: Project, target: Target, cached: Readonly<Record<string, CachedSeed>> | undefined): SeedBlobIds {
  const seen = new Map<string, CachedSeed | null>();
  let outdated = false;
  let byName: Map<string, SeedFile> | undefined;
  const ofSeed = (seed: SeedFile): string | undefined => {
    if (seen.has(seed.name)) return seen.get(seed.name)?.blobId;
    // The stamp is taken before the file is read: a write in between then shows at the next compile.
    const stamp = project.files.stamp?.(seed.path);
    const kept = cached?.[seed.name];
    const reuse = kept !== undefined && kept.path === seed.path && stamp !== undefined && kept.stamp === stamp;
    const blobId = reuse ? kept.blobId : project.files.blobId?.(seed.path);
    if (!reuse && (stamp !== undefined || blobId !== kept?.blobId)) outdated = true;
    seen.set(seed.name, blobId === undefined ? null : { path: seed.path, ...(stamp === undefined ? {} : { stamp }), blobId });
    return blobId;
  };
  return {
    ofSeed,
    ofName(name) {
      byName ??= project.seedPaths.length === 0 ? new Map() : refableSeeds(project, target, readSeedColumnTypes(project, new Diagnostics()));
      const seed = byName.get(name);
      return seed && ofSeed(seed);
    },
    seen: () => Object.fromEntries([...seen].flatMap(([name, entry]) => (entry ? [[name, entry]] : []))),
    outdated: () => outdated,
  };
}
