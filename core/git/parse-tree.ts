/** Folder names never descended into, as for working-tree sources. */
export const skippedTreeFolders = new Set(['node_modules', '.git', '.amp-dbt', 'target', 'dbt_packages']);

export interface TreeEntry {
  /** `40000` a folder, `100644` / `100755` a file, `120000` a symbolic link, `160000` a submodule. */
  mode: string;
  /** The name's bytes read as UTF-8 (invalid bytes become U+FFFD: see `undecodable`). */
  name: string;
  oid: string;
  /** True when the name's bytes are not UTF-8 (another encoding's name): listings leave it out, with a warning. */
  undecodable?: true;
}

/** Entries of a tree object's content: `<mode> <name>\0<20-byte id>` each. */
export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let i = 0; i < content.length;) {
    const space = content.indexOf(0x20, i);
    const nul = content.indexOf(0, space);
    const name = content.toString('utf8', space + 1, nul);
    const entry: TreeEntry = { mode: content.toString('latin1', i, space), name, oid: content.toString('hex', nul + 1, nul + 21) };
    if (name.includes('\ufffd') && !content.subarray(space + 1, nul).equals(Buffer.from(name))) entry.undecodable = true;
    entries.push(entry);
    i = nul + 21;
  }
  return entries;
}
