import { createHash } from 'node:crypto';

/**
 * The git blob id of some content: sha1 of `blob <byte length>\0<bytes>`, as `git hash-object` prints it.
 * Text is hashed as UTF-8, so a working-tree file can be compared with a blob recorded at a commit.
 */
export function diskBlobId(content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}
