import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type RawBuilder,
  type SqlBool,
  type Transaction,
} from 'kysely';
import type { Pool, PoolClient } from 'pg';
import type { StoreLocation } from '../../config';
import type { Cursor } from '../cursor';
import { AppendNotifications } from './append-notifications';
import type { HeraldDatabase } from './database';
import {
  DEFAULT_POSTGRES_SESSION,
  clientConfig,
  createStorePool,
  type PostgresSessionOptions,
} from './postgres-session';
import { SqliteProcessLock } from './sqlite-process-lock';

/** SQLite has one writer process: a short wait on a lock is plenty, and never stalls the event loop for long. */
const SQLITE_BUSY_TIMEOUT_MS = 100;

export type StoreDialect = StoreLocation['dialect'];

/**
 * What differs between the two databases: how the global order is read without skipping late
 * commits, how a unique violation looks, and how one relay is elected among processes.
 */
export interface DialectStrategy {
  readonly dialect: StoreDialect;
  readonly db: Kysely<HeraldDatabase>;
  /** Selects the transaction id of an event row as text ('0' where there is none). */
  readonly txColumn: RawBuilder<string>;
  /** Rows strictly after `cursor`, committed or not yet visible. */
  after(cursor: Cursor): RawBuilder<SqlBool>;
  /** Rows strictly after `cursor` that are safe to hand out: no earlier row can still commit. */
  visibleAfter(cursor: Cursor): RawBuilder<SqlBool>;
  /** The ORDER BY of the global order. */
  readonly order: RawBuilder<unknown>;
  /** Which unique constraint an error violated ('id', 'stream' or another name), if it is one. */
  uniqueViolation(error: unknown): 'id' | 'stream' | 'idempotency' | 'other' | undefined;
  /**
   * Serialises appends to the same streams until the transaction ends, so that a writer reads
   * the current version only after the previous writer committed.
   */
  lockStreams(trx: Transaction<HeraldDatabase>, subjects: readonly string[]): Promise<void>;
  tryLead(relay: string): Promise<boolean>;
  release(relay: string): Promise<void>;
  /**
   * Calls `listener` when another process commits an append (PostgreSQL `LISTEN`), until
   * {@link close}. A no-op where one process owns the store.
   */
  watchAppends(listener: () => void): void;
  close(): Promise<void>;
}

class PostgresStrategy implements DialectStrategy {
  readonly dialect = 'postgres' as const;
  readonly db: Kysely<HeraldDatabase>;
  readonly txColumn = sql<string>`tx::text`;
  // Qualified: a bare `tx` would sort by the `tx::text as tx` output column, and '10' < '9'.
  readonly order = sql`events.tx, events.position`;
  private readonly leaders = new Map<string, PoolClient>();
  private readonly pool: Pool;
  private readonly ownBackends: ReadonlySet<number>;
  private notifications: AppendNotifications | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly session: PostgresSessionOptions,
  ) {
    ({ pool: this.pool, ownBackends: this.ownBackends } = createStorePool(connectionString, session));
    this.db = new Kysely<HeraldDatabase>({ dialect: new PostgresDialect({ pool: this.pool }) });
  }

  watchAppends(listener: () => void): void {
    if (this.notifications !== undefined) return;
    // This process's own appends already told its listeners when they committed.
    const fromElsewhere = (backend: number) => !this.ownBackends.has(backend);
    this.notifications = new AppendNotifications(
      clientConfig(this.connectionString, this.session),
      listener,
      fromElsewhere,
    );
    this.notifications.start();
  }

  after(cursor: Cursor): RawBuilder<SqlBool> {
    return sql<SqlBool>`(tx, position) > (${cursor.tx}::xid8, ${cursor.position}::bigint)`;
  }

  visibleAfter(cursor: Cursor): RawBuilder<SqlBool> {
    // Every still-open transaction has an xid >= xmin: rows below it can no longer be joined by
    // an earlier row that commits late, so a reader checkpointing on (tx, position) skips nothing.
    return sql<SqlBool>`${this.after(cursor)} and tx < pg_snapshot_xmin(pg_current_snapshot())`;
  }

  uniqueViolation(error: unknown): ReturnType<DialectStrategy['uniqueViolation']> {
    const e = error as { code?: string; constraint?: string };
    if (e?.code !== '23505') return undefined;
    if (e.constraint === 'events_id_key') return 'id';
    if (e.constraint === 'events_subject_stream_version_key') return 'stream';
    if (e.constraint === 'idempotency_keys_pkey') return 'idempotency';
    return 'other';
  }

  async lockStreams(trx: Transaction<HeraldDatabase>, subjects: readonly string[]): Promise<void> {
    // Sorted, so that two multi-stream appends always lock in the same order and cannot deadlock.
    for (const subject of [...new Set(subjects)].sort()) {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`herald-stream:${subject}`}, 0))`.execute(
        trx,
      );
    }
  }

  async tryLead(relay: string): Promise<boolean> {
    if (this.leaders.has(relay)) return true;
    const client = await this.pool.connect();
    // A session-level advisory lock: released by the server when this connection dies.
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [`herald-relay:${relay}`],
    );
    if (rows[0]?.locked !== true) {
      client.release();
      return false;
    }
    // A dead connection has lost the lock with it: forget it and give the client back destroyed,
    // or the pool would wait for it for ever when it ends.
    client.on('error', (error) => {
      if (this.leaders.get(relay) !== client) return;
      this.leaders.delete(relay);
      client.release(error);
    });
    this.leaders.set(relay, client);
    return true;
  }

  async release(relay: string): Promise<void> {
    const client = this.leaders.get(relay);
    if (client === undefined) return;
    this.leaders.delete(relay);
    try {
      // Unlock at once, so another process can lead at its next try.
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`herald-relay:${relay}`]);
      client.release();
    } catch (error) {
      // The server drops the lock with the connection: destroy it rather than return it to the pool.
      client.release(error as Error);
    }
  }

  async close(): Promise<void> {
    await this.notifications?.stop();
    for (const relay of [...this.leaders.keys()]) await this.release(relay);
    await this.db.destroy();
  }
}

class SqliteStrategy implements DialectStrategy {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<HeraldDatabase>;
  readonly txColumn = sql<string>`'0'`;
  readonly order = sql`position`;
  private readonly leaders = new Set<string>();
  private readonly lock: SqliteProcessLock | undefined;

  /** @throws SqliteFileInUseError when another process holds the file. */
  constructor(filename: string) {
    if (filename !== ':memory:') {
      mkdirSync(dirname(filename), { recursive: true });
      // Before the database is opened: a second process must not even migrate it.
      this.lock = SqliteProcessLock.acquire(filename);
    }
    try {
      const database = new Database(filename);
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      this.db = new Kysely<HeraldDatabase>({ dialect: new SqliteDialect({ database }) });
    } catch (error) {
      this.lock?.release();
      throw error;
    }
  }

  watchAppends(): void {
    // The one process that may use the file is this one: its own appends already tell it.
  }

  after(cursor: Cursor): RawBuilder<SqlBool> {
    return sql<SqlBool>`position > ${cursor.position}`;
  }

  visibleAfter(cursor: Cursor): RawBuilder<SqlBool> {
    // One writer at a time: positions are handed out in commit order, so none can appear late.
    return this.after(cursor);
  }

  uniqueViolation(error: unknown): ReturnType<DialectStrategy['uniqueViolation']> {
    const e = error as { code?: string; message?: string };
    if (e?.code !== 'SQLITE_CONSTRAINT_UNIQUE') return undefined;
    if (e.message?.includes('events.id')) return 'id';
    if (e.message?.includes('events.subject')) return 'stream';
    if (e.message?.includes('idempotency_keys.key')) return 'idempotency';
    return 'other';
  }

  lockStreams(): Promise<void> {
    // Transactions on the one connection already run one at a time.
    return Promise.resolve();
  }

  tryLead(relay: string): Promise<boolean> {
    // SQLite is one process's file: the relay of that process is the only one.
    this.leaders.add(relay);
    return Promise.resolve(true);
  }

  release(relay: string): Promise<void> {
    this.leaders.delete(relay);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.db.destroy();
    this.lock?.release();
  }
}

/**
 * Opens the database at `location`; PostgreSQL connections get the `postgres` session settings.
 * @throws SqliteFileInUseError when another process holds the SQLite file.
 */
export function openDialect(
  location: StoreLocation,
  postgres: PostgresSessionOptions = DEFAULT_POSTGRES_SESSION,
): DialectStrategy {
  if (location.dialect === 'postgres') return new PostgresStrategy(location.connectionString, postgres);
  return new SqliteStrategy(location.filename);
}
