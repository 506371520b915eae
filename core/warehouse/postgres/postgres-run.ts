import type pg from 'pg';
import { uniqueColumnNames } from '../unique-column-names.js';
import type { QueryResult, QueryValue, WarehouseSession } from '../warehouse-adapter.js';
import { postgresRelations } from './postgres-catalog.js';
import type { PostgresConnection } from './postgres-config.js';
import { postgresError } from './postgres-error.js';
import type { PostgresTypeNames } from './postgres-type-names.js';

/** Statements on one pooled client, with the context to name types and explain errors. */
export class PostgresRunner {
  constructor(private readonly connection: PostgresConnection, private readonly typeNames: PostgresTypeNames) {}

  /** Runs one or more statements (the simple query protocol takes several at once), ignoring results. */
  async execute(client: pg.PoolClient, sql: string): Promise<void> {
    try {
      await client.query(sql);
    } catch (error) {
      throw postgresError(error, this.connection, sql);
    }
  }

  /** Runs SQL and reads every row of its (last) statement as QueryValues. */
  async query(client: pg.PoolClient, sql: string): Promise<QueryResult> {
    let result: pg.QueryResult<QueryValue[]>;
    try {
      const results = (await client.query({ text: sql, rowMode: 'array' })) as unknown;
      result = (Array.isArray(results) ? results[results.length - 1] : results) as pg.QueryResult<QueryValue[]>;
      const fields = result?.fields ?? [];
      const names = uniqueColumnNames(fields.map((field) => field.name));
      const types = await this.typeNames.of(client, fields);
      return {
        columns: names.map((name, i) => ({ name, type: types[i] })),
        rows: (result?.rows ?? []).map((values) => Object.fromEntries(names.map((name, i) => [name, values[i] ?? null]))),
      };
    } catch (error) {
      throw postgresError(error, this.connection, sql);
    }
  }

  session(client: pg.PoolClient): WarehouseSession {
    return {
      execute: (sql) => this.execute(client, sql),
      query: (sql) => this.query(client, sql),
      listRelations: (schema) => postgresRelations(client, schema).catch((error: unknown) => { throw postgresError(error, this.connection); }),
    };
  }
}
