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
import { Pool } from 'pg';
import type { StoreLocation } from '../../config';
import type { Cursor } from '../cursor';
import type { HeraldDatabase } from './database';
import { leadOnPostgres, leadOnSqlite, type LeaderSession } from './leader-session';

/** How a leader session guards itself (PostgreSQL; SQLite ignores them). */
export interface LeadOptions {
  /** The server ends the session after this long without a statement, releasing the lock. */
  readonly idleTimeoutMs: number;
  /** A statement on the session that takes longer ends the session. */
  readonly queryTimeoutMs: number;
}

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
  /**
   * Takes the relay's lock on a session of its own (see {@link LeaderSession}).
   * @returns undefined when another process leads.
   */
  lead(relay: string, options: LeadOptions): Promise<LeaderSession | undefined>;
  close(): Promise<void>;
}

class PostgresStrategy implements DialectStrategy {
  readonly dialect = 'postgres' as const;
  readonly db: Kysely<HeraldDatabase>;
  readonly txColumn = sql<string>`tx::text`;
  readonly order = sql`tx, position`;
  private readonly leaders = new Set<LeaderSession>();

  constructor(private readonly pool: Pool) {
    this.db = new Kysely<HeraldDatabase>({ dialect: new PostgresDialect({ pool }) });
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
    // The pool waits for checked-out clients when it ends: leader sessions go first.
    for (const session of [...this.leaders]) await session.release();
    this.leaders.clear();
    await this.db.destroy();
  }
}

class SqliteStrategy implements DialectStrategy {
  readonly dialect = 'sqlite' as const;
  readonly db: Kysely<HeraldDatabase>;
  readonly txColumn = sql<string>`'0'`;
  readonly order = sql`position`;

  constructor(filename: string) {
    if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
    const database = new Database(filename);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 5000');
    this.db = new Kysely<HeraldDatabase>({ dialect: new SqliteDialect({ database }) });
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

  lead(): Promise<LeaderSession | undefined> {
    return Promise.resolve(leadOnSqlite(this.db));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

/** Opens the database at `location`. */
export function openDialect(location: StoreLocation): DialectStrategy {
  if (location.dialect === 'postgres') {
    const pool = new Pool({
      connectionString: location.connectionString,
      max: 10,
      connectionTimeoutMillis: 5_000,
    });
    // An idle client that loses its connection must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    return new PostgresStrategy(pool);
  }
  return new SqliteStrategy(location.filename);
}
