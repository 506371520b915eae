import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AdapterError } from '../adapter-error.js';

/**
 * Up to `size` connections of one DuckDB instance, made on first need. Each call borrows a free connection
 * and waits in line when all are busy, so a run with --threads N runs at most N statements at once and a
 * transaction keeps its connection to itself.
 */
export class DuckDBPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiting: ((connection: DuckDBConnection) => void)[] = [];
  private readonly all: DuckDBConnection[] = [];
  private creating = 0;
  private closed = false;
  private drained: (() => void) | null = null;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly size: number,
    /** Prepares each new connection (the EVM functions). */
    private readonly setUp: (connection: DuckDBConnection) => void,
  ) {}

  /** Interrupts whatever every connection is running (they stay usable). */
  interrupt(): void {
    for (const connection of this.all) connection.interrupt();
  }

  /** Runs `work` with a connection of its own, giving it back afterwards. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  private async acquire(): Promise<DuckDBConnection> {
    if (this.closed) throw new AdapterError('connect-failed', 'the DuckDB warehouse was closed', { hint: 'open the warehouse again' });
    const free = this.idle.pop();
    if (free) return free;
    if (this.all.length + this.creating < this.size) {
      this.creating++;
      try {
        const connection = await this.instance.connect();
        try {
          this.setUp(connection);
        } catch (error) {
          connection.disconnectSync();
          throw error;
        }
        this.all.push(connection);
        return connection;
      } finally {
        this.creating--;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(connection: DuckDBConnection): void {
    const next = this.waiting.shift();
    if (next) return next(connection);
    this.idle.push(connection);
    if (this.drained && this.idle.length === this.all.length) this.drained();
  }

  /** Waits for borrowed connections to come back, then disconnects them all. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.idle.length < this.all.length) await new Promise<void>((resolve) => (this.drained = resolve));
    for (const connection of this.all) connection.disconnectSync();
    this.all.length = 0;
    this.idle.length = 0;
  }
}
