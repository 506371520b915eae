import type pg from 'pg';

/**
 * Result columns carry only a type OID and modifier; their names (`NUMERIC(38,0)`, `TIMESTAMP WITH TIME
 * ZONE`, `BYTEA`, upper case as the adapters report types) come from format_type(), asked once per
 * distinct OID and modifier and kept for the adapter's life.
 */
export class PostgresTypeNames {
  private readonly names = new Map<string, string>();

  async of(client: pg.PoolClient, fields: readonly pg.FieldDef[]): Promise<string[]> {
    const key = (field: pg.FieldDef) => `${field.dataTypeID}:${field.dataTypeModifier}`;
    const missing = [...new Map(fields.filter((f) => !this.names.has(key(f))).map((f) => [key(f), f])).values()];
    if (missing.length > 0) {
      const result = await client.query<{ name: string }>({
        text: `SELECT upper(format_type(t.oid, t.mod)) AS name
                 FROM unnest($1::oid[], $2::int4[]) WITH ORDINALITY AS t(oid, mod, n) ORDER BY t.n`,
        values: [missing.map((f) => f.dataTypeID), missing.map((f) => f.dataTypeModifier)],
      });
      missing.forEach((field, i) => this.names.set(key(field), result.rows[i]?.name ?? `OID ${field.dataTypeID}`));
    }
    return fields.map((field) => this.names.get(key(field)) ?? `OID ${field.dataTypeID}`);
  }
}
