import type { Database, Statement } from 'better-sqlite3';
import { KEYED_TABLES, RECORD_TABLES } from '../repository-tables.js';

/** Moving every record of one state key to another (StateStore.adoptRecords). */
export class SqliteAdoption {
  private readonly hasRecords: Statement;
  private readonly moves: Statement[];

  constructor(private readonly db: Database) {
    this.hasRecords = db.prepare(`SELECT ${RECORD_TABLES.map((table) => `EXISTS (SELECT 1 FROM ${table} WHERE repo = ?)`).join(' OR ')}`).pluck();
    this.moves = KEYED_TABLES.map((table) => db.prepare(`UPDATE ${table} SET repo = ? WHERE repo = ?`));
  }

  adopt(from: string, to: string): boolean {
    if (from === to || !this.adoptable(from, to)) return false;
    // Checked again under the write lock: another process may have adopted them, or filed records under `to`.
    return this.db.transaction(() => {
      if (!this.adoptable(from, to)) return false;
      for (const move of this.moves) move.run(to, from);
      return true;
    }).immediate();
  }

  private adoptable(from: string, to: string): boolean {
    return !this.recorded(to) && this.recorded(from);
  }

  private recorded(key: string): boolean {
    return this.hasRecords.get(...RECORD_TABLES.map(() => key)) === 1;
  }
}
