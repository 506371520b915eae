/**
 * Canonical compiled SQL keeps every reference as a placeholder, so one model compiles to the
 * same canonical text in every environment and target. Target SQL is produced from it later.
 *
 *   ⟦ref:stg_transfers⟧          an internal model
 *   ⟦source:eth.logs⟧            a declared source table (source name '.' table name)
 *   ⟦dataset:_/eth_firehose@1.0.0⟧  an external Amp dataset (the full reference)
 *   ⟦seed:countries⟧             a seed's table (a `ref` naming a seed file, not a model)
 *   ⟦this⟧                       the model's own relation
 *
 * The brackets are U+27E6 and U+27E7, which do not occur in SQL.
 */
export type Placeholder =
  | { kind: 'ref'; name: string }
  | { kind: 'source'; source: string; table: string }
  | { kind: 'dataset'; reference: string }
  | { kind: 'seed'; name: string }
  | { kind: 'this' };

export const OPEN = '\u27e6';
export const CLOSE = '\u27e7';

export const refPlaceholder = (name: string) => `${OPEN}ref:${name}${CLOSE}`;
export const sourcePlaceholder = (source: string, table: string) => `${OPEN}source:${source}.${table}${CLOSE}`;
export const datasetPlaceholder = (reference: string) => `${OPEN}dataset:${reference}${CLOSE}`;
export const seedPlaceholder = (name: string) => `${OPEN}seed:${name}${CLOSE}`;
export const thisPlaceholder = () => `${OPEN}this${CLOSE}`;

/** The kinds of placeholder canonical SQL holds (the text before the colon). */
export const isPlaceholderKind = (kind: string): kind is Placeholder['kind'] =>
  kind === 'ref' || kind === 'source' || kind === 'dataset' || kind === 'seed' || kind === 'this';

export function parsePlaceholder(kind: string, body: string | undefined): Placeholder {
  switch (kind) {
    case 'ref':
      return { kind, name: body ?? '' };
    case 'source': {
      const dot = (body ?? '').indexOf('.');
      return { kind, source: (body ?? '').slice(0, dot), table: (body ?? '').slice(dot + 1) };
    }
    case 'dataset':
      return { kind, reference: body ?? '' };
    case 'seed':
      return { kind, name: body ?? '' };
    default:
      return { kind: 'this' };
  }
}

/** Replace every placeholder in `sql` with what `resolve` returns for it (a plain scan: this is hot). */
export function replacePlaceholders(sql: string, resolve: (p: Placeholder) => string): string {
  let open = sql.indexOf(OPEN);
  if (open < 0) return sql;
  let out = '';
  let at = 0;
  while (open >= 0) {
    const close = sql.indexOf(CLOSE, open + 1);
    if (close < 0) break;
    const inner = sql.slice(open + 1, close);
    const colon = inner.indexOf(':');
    const kind = colon < 0 ? inner : inner.slice(0, colon);
    if (isPlaceholderKind(kind)) {
      out += sql.slice(at, open) + resolve(parsePlaceholder(kind, colon < 0 ? undefined : inner.slice(colon + 1)));
      at = close + 1;
    }
    open = sql.indexOf(OPEN, close + 1);
  }
  return out + sql.slice(at);
}

