/** Names met so far: the first copy of each, which later ones are replaced by. */
const interned = new Map<string, string>();
let lastName = '';

/**
 * The canonical copy of a name. Every token is a fresh slice of its template, and looking a fresh string
 * up as a property (`name in globals`, as every call does) makes V8 search its string table; for the one
 * canonical copy it remembers the answer. Most names repeat the previous one (`ref`), which a comparison
 * finds without hashing. Bounded: the names are the user's.
 */
export function internName(name: string): string {
  if (name === lastName) return lastName;
  let canonical = interned.get(name);
  if (canonical === undefined) {
    canonical = name;
    if (interned.size < 10_000) interned.set(name, name);
  }
  lastName = canonical;
  return canonical;
}
