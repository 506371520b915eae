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
 * A part of a relation (`{{ this.schema }}`, `{{ ref('m').identifier }}`) is the relation's placeholder
 * with the part after its kind: `⟦this.schema⟧`, `⟦ref.identifier:stg_transfers⟧`. It reads as that part
 * of what the whole placeholder reads as on the target (relationPart), unquoted.
 *
 * The brackets are U+27E6 and U+27E7, which do not occur in SQL.
 */
export type Placeholder = (
  | { kind: 'ref'; name: string }
  | { kind: 'source'; source: string; table: string }
  | { kind: 'dataset'; reference: string }
  | { kind: 'seed'; name: string }
  | { kind: 'this' }
) & { attribute?: RelationAttribute };

/** The parts of a relation templates read as dbt's relation attributes; `name` is the identifier, as in dbt. */
export const RELATION_ATTRIBUTES = ['database', 'schema', 'identifier', 'name'] as const;
export type RelationAttribute = (typeof RELATION_ATTRIBUTES)[number];
const isRelationAttribute = (text: string): text is RelationAttribute => (RELATION_ATTRIBUTES as readonly string[]).includes(text);

export const OPEN = '\u27e6';
export const CLOSE = '\u27e7';

export const refPlaceholder = (name: string) => `${OPEN}ref:${name}${CLOSE}`;
export const sourcePlaceholder = (source: string, table: string) => `${OPEN}source:${source}.${table}${CLOSE}`;
export const datasetPlaceholder = (reference: string) => `${OPEN}dataset:${reference}${CLOSE}`;
export const seedPlaceholder = (name: string) => `${OPEN}seed:${name}${CLOSE}`;
export const thisPlaceholder = () => `${OPEN}this${CLOSE}`;

/** A relation's placeholder with one of its parts: `⟦ref:m⟧` and `schema` give `⟦ref.schema:m⟧`. */
export function attributePlaceholder(placeholder: string, attribute: RelationAttribute): string {
  const colon = placeholder.indexOf(':');
  const kindEnd = colon < 0 ? placeholder.length - CLOSE.length : colon;
  return `${placeholder.slice(0, kindEnd)}.${attribute}${placeholder.slice(kindEnd)}`;
}

const isBaseKind = (kind: string): kind is Placeholder['kind'] =>
  kind === 'ref' || kind === 'source' || kind === 'dataset' || kind === 'seed' || kind === 'this';

/** The kinds of placeholder canonical SQL holds (the text before the colon), with a relation part or without. */
export function isPlaceholderKind(kind: string): boolean {
  const dot = kind.indexOf('.');
  return dot < 0 ? isBaseKind(kind) : isBaseKind(kind.slice(0, dot)) && isRelationAttribute(kind.slice(dot + 1));
}

export function parsePlaceholder(kindText: string, body: string | undefined): Placeholder {
  const dot = kindText.indexOf('.');
  const kind = dot < 0 ? kindText : kindText.slice(0, dot);
  const part = dot < 0 ? undefined : kindText.slice(dot + 1);
  const attribute = part !== undefined && isRelationAttribute(part) ? { attribute: part } : {};
  switch (kind) {
    case 'ref':
      return { kind, name: body ?? '', ...attribute };
    case 'source': {
      const dot = (body ?? '').indexOf('.');
      return { kind, source: (body ?? '').slice(0, dot), table: (body ?? '').slice(dot + 1), ...attribute };
    }
    case 'dataset':
      return { kind, reference: body ?? '', ...attribute };
    case 'seed':
      return { kind, name: body ?? '', ...attribute };
    default:
      return { kind: 'this', ...attribute };
  }
}

/**
 * `from` (a whole placeholder, `⟦ref:countries⟧`) replaced by `to` everywhere in `sql`, and so are the
 * placeholders of its parts (`⟦ref.schema:countries⟧` by `⟦seed.schema:countries⟧`).
 */
export function replacePlaceholder(sql: string, from: string, to: string): string {
  if (!sql.includes(OPEN)) return sql;
  let out = sql.replaceAll(from, to);
  for (const attribute of RELATION_ATTRIBUTES) out = out.replaceAll(attributePlaceholder(from, attribute), attributePlaceholder(to, attribute));
  return out;
}

/**
 * One part of a relation as SQL names it (`"main"."orders"`, `warehouse.main.orders`, a CTE's `"orders"`),
 * unquoted: the last name is the identifier (and dbt's `name`), the one before it the schema, the one
 * before that the database. A part the text does not hold is undefined.
 */
export function relationPart(relationSql: string, attribute: RelationAttribute): string | undefined {
  const names: string[] = [];
  for (let at = 0; at < relationSql.length;) {
    let name: string;
    if (relationSql[at] === '"') {
      let end = at + 1;
      name = '';
      for (;;) {
        const quote = relationSql.indexOf('"', end);
        if (quote < 0) return undefined;
        name += relationSql.slice(end, quote);
        if (relationSql[quote + 1] !== '"') {
          at = quote + 1;
          break;
        }
        name += '"';
        end = quote + 2;
      }
    } else {
      const dot = relationSql.indexOf('.', at);
      const end = dot < 0 ? relationSql.length : dot;
      name = relationSql.slice(at, end);
      at = end;
    }
    names.push(name);
    if (at < relationSql.length && relationSql[at++] !== '.') return undefined;
  }
  const fromEnd = attribute === 'identifier' || attribute === 'name' ? 1 : attribute === 'schema' ? 2 : 3;
  return names.length >= fromEnd ? names[names.length - fromEnd] : undefined;
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

