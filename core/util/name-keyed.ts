/**
 * An empty object meant for names as keys (one per model). V8 gives an object a new hidden class for every
 * distinct key added to it, which for thousands of objects keyed by thousands of names costs more than the
 * work around it; an object that has had a property deleted keeps its keys in a hash table instead. It is
 * still an ordinary object: same prototype, same key order.
 */
export function nameKeyed<T>(): Record<string, T> {
  const out: Record<string, unknown> = { first: 0, second: 0 };
  delete out.first;
  delete out.second;
  return out as Record<string, T>;
}
