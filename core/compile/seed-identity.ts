import type { SeedFile } from '../seed/seed-file.js';

/**
 * What a seed loaded as its own table contributes to the content hash of the models reading it: its relation,
 * its file's git blob id (the tree entry at a commit, the same hash of the working-tree file) and its declared
 * column types, which shape the table. So a model reading a seed is a new version when the seed's rows change.
 */
export function seedIdentity(seed: SeedFile, blobId: string | undefined): string {
  let identity = `"${seed.schema}"."${seed.identifier}"`;
  if (blobId !== undefined) identity += ` blob ${blobId}`;
  if (seed.declared.size > 0) identity += ` types ${JSON.stringify([...seed.declared].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))}`;
  return identity;
}

/** `blobId` memoised by seed path: each seed file is hashed at most once per compile, and only when a model reads it. */
export function memoSeedBlobIds(blobId: (seed: SeedFile) => string | undefined): (seed: SeedFile) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (seed) => {
    if (!known.has(seed.path)) known.set(seed.path, blobId(seed));
    return known.get(seed.path);
  };
}
