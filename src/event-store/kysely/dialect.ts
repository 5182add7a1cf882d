import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Pool } from 'pg';
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

import { leadOnPostgres, leadOnSqlite, type LeaderSession } from './leader-session';

/** How a leader session guards itself (PostgreSQL; SQLite ignores them). */
export interface LeadOptions {
  /** The server ends the session after this long without a statement, releasing the lock. */
  readonly idleTimeoutMs: number;
  /** A statement on the session that takes longer ends the session. */
  readonly queryTimeoutMs: number;
}

export type StoreDialect = StoreLocation['dialect'];

/** The driver under Kysely, for the appender, which runs its own prepared statements. */
export type StoreDriver =
  | { readonly dialect: 'postgres'; readonly pool: Pool }
  | { readonly dialect: 'sqlite'; readonly database: Database.Database };

/**
 * What differs between the two databases: how the global order is read without skipping late
 * commits, how a unique violation looks, and how one relay is elected among processes.
 */
export interface DialectStrategy {
  readonly dialect: StoreDialect;
  readonly db: Kysely<HeraldDatabase>;
  readonly driver: StoreDriver;
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
   * Takes the relay's lock on a session of its own (see {@link LeaderSession}).
   * @returns undefined when another process leads.
   */
  lead(relay: string, options: LeadOptions): Promise<LeaderSession | undefined>;
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
  readonly driver: StoreDriver;
  readonly txColumn = sql<string>`tx::text`;
  // Qualified: a bare `tx` would sort by the `tx::text as tx` output column, and '10' < '9'.
  readonly order = sql`events.tx, events.position`;
  private readonly leaders = new Set<LeaderSession>();
  private readonly pool: Pool;
  private readonly ownBackends: ReadonlySet<number>;
  private notifications: AppendNotifications | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly session: PostgresSessionOptions,
  ) {
    ({ pool: this.pool, ownBackends: this.ownBackends } = createStorePool(connectionString, session));
    this.db = new Kysely<HeraldDatabase>({ dialect: new PostgresDialect({ pool: this.pool }) });
    this.driver = { dialect: 'postgres', pool: this.pool };
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

  async lead(relay: string, options: LeadOptions): Promise<LeaderSession | undefined> {
    const session = await leadOnPostgres(this.pool, relay, options);
    if (session === undefined) return undefined;
    this.leaders.add(session);
    return {
      execute: (query) => session.execute(query),
      confirmLock: () => session.confirmLock(),
      release: async () => {
        this.leaders.delete(session);
        await session.release();
      },
    };
  }

  async close(): Promise<void> {
    await this.notifications?.stop();
    // The pool waits for checked-out clients when it ends: leader sessions go first.
    for (const session of [...this.leaders]) await session.release();
    this.leaders.clear();
    await this.db.destroy();
  }
}

class SqliteStrategy implements DialectStrategy {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<HeraldDatabase>;
  readonly driver: StoreDriver;
  readonly txColumn = sql<string>`'0'`;
  readonly order = sql`position`;
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
      // FULL: a commit is on disk before its 202; NORMAL in WAL mode can lose the last ones on power loss.
      database.pragma('synchronous = FULL');
      database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      this.db = new Kysely<HeraldDatabase>({ dialect: new SqliteDialect({ database }) });
      this.driver = { dialect: 'sqlite', database };
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

  lead(): Promise<LeaderSession | undefined> {
    return Promise.resolve(leadOnSqlite(this.db));
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
