import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { StoredEvent } from '../event-store.port';
import {
  GroupNotWrittenError,
  groupKeys,
  type AppendJob,
  type GroupWriter,
  type InsertedRow,
  type JobOutcome,
  type KeyRow,
  type NewKeyRow,
} from './append-job';
import type { HeraldDatabase } from './database';
import { EVENT_COLUMNS, INSERT_COLUMNS, toStoredEvent, type EventRow } from './event-rows';
import { GroupSettlement } from './group-settlement';

/**
 * Most rows in one group. Lists travel as one JSON parameter, so the bind-parameter limit does not
 * apply; the transaction runs synchronously, and the cap bounds how long it holds the event loop.
 */
const SQLITE_MAX_GROUP_ROWS = 2_500;

// Lists travel as one JSON parameter, so that each statement is prepared once for any group size.
const SQL = {
  versions: `select subject, max(stream_version) as version from events
    where subject in (select value from json_each(?)) group by subject`,
  events: `select ${EVENT_COLUMNS.join(', ')}, '0' as tx from events
    where id in (select value from json_each(?))`,
  keys: `select key, request_hash, response, created_at from idempotency_keys
    where key in (select value from json_each(?))`,
  insert: `insert into events (${INSERT_COLUMNS.join(', ')})
    select ${INSERT_COLUMNS.map((_, i) => `value ->> ${i}`).join(', ')} from json_each(?) order by key
    returning id, position`,
  replaceKey: `delete from idempotency_keys where key = ? and created_at = ?`,
  insertKeys: `insert into idempotency_keys (key, request_hash, status_code, response, created_at)
    select value ->> 0, value ->> 1, 202, value ->> 2, value ->> 3 from json_each(?)`,
  sweepKeys: `delete from idempotency_keys where key in
    (select key from idempotency_keys where created_at < ? order by created_at limit ?)`,
} as const;

type Statements = { readonly [name in keyof typeof SQL]: Database.Statement };

/**
 * The SQLite writer: a whole group in one synchronous `BEGIN IMMEDIATE` transaction on the raw
 * better-sqlite3 handle, with statements prepared once. Kysely would send a plain `BEGIN`, which
 * takes the write lock only at the first write and can then fail with SQLITE_BUSY.
 */
export class SqliteGroupWriter implements GroupWriter {
  readonly maxRows = SQLITE_MAX_GROUP_ROWS;
  private statements?: Statements;

  constructor(
    private readonly database: Database.Database,
    private readonly db: Kysely<HeraldDatabase>,
  ) {}

  write(jobs: readonly AppendJob[]): Promise<JobOutcome[]> {
    return this.exclusive(() => {
      let begun = false;
      try {
        return this.database
          .transaction(() => {
            begun = true;
            return this.writeIn(jobs);
          })
          .immediate();
      } catch (error) {
        // BEGIN IMMEDIATE itself failed (the file is locked or unreadable): so would any half.
        throw begun ? error : new GroupNotWrittenError(error);
      }
    });
  }

  sweepKeys(before: number, limit: number): Promise<number> {
    return this.exclusive(() =>
      this.database.transaction(() => this.prepared().sweepKeys.run(before, limit).changes).immediate(),
    );
  }

  /**
   * Kysely shares this connection: taking it from Kysely first keeps a group out of any Kysely
   * transaction still open on it, which better-sqlite3 would otherwise join as a savepoint.
   */
  private exclusive<T>(work: () => T): Promise<T> {
    return this.db.connection().execute(() => {
      try {
        return Promise.resolve(work());
      } catch (error) {
        // Passed on as thrown: better-sqlite3's native binding keeps the SqliteError class of the
        // realm that loaded it first, so `instanceof Error` can fail (under Jest) and wrapping
        // would lose the code that classifies the error.
        const thrown =
          typeof error === 'object' && error !== null ? (error as Error) : new Error(String(error));
        return Promise.reject(thrown);
      }
    });
  }

  private writeIn(jobs: readonly AppendJob[]): JobOutcome[] {
    const statements = this.prepared();
    const { subjects, ids, keys } = groupKeys(jobs);
    const versions = statements.versions.all(JSON.stringify(subjects)) as {
      subject: string;
      version: number;
    }[];
    const stored = (statements.events.all(JSON.stringify(ids)) as EventRow[]).map(toStoredEvent);
    const keyRows = keys.length === 0 ? [] : (statements.keys.all(JSON.stringify(keys)) as KeyRow[]);
    const settlement = new GroupSettlement(jobs, {
      versions: new Map(versions.map((row) => [row.subject, row.version])),
      stored: new Map(stored.map((event): [string, StoredEvent] => [event.id, event])),
      keys: new Map(keyRows.map((row) => [row.key, row])),
    });
    const outcome = settlement.finish(this.insert(settlement));
    if (outcome.keys.length > 0) this.recordKeys(outcome.keys);
    return outcome.outcomes;
  }

  private insert(settlement: GroupSettlement): Map<string, InsertedRow> {
    const inserted = new Map<string, InsertedRow>();
    if (!settlement.appends) return inserted;
    const rows = settlement.rows.map((row) => INSERT_COLUMNS.map((column) => row[column]));
    const returned = this.prepared().insert.all(JSON.stringify(rows)) as { id: string; position: number }[];
    // RETURNING promises no order: rows are matched by id.
    for (const { id, position } of returned) inserted.set(id, { position, tx: '0' });
    return inserted;
  }

  private recordKeys(keys: readonly NewKeyRow[]): void {
    const statements = this.prepared();
    for (const { key, replaces } of keys) {
      if (replaces !== undefined) statements.replaceKey.run(key, replaces);
    }
    const rows = keys.map((row) => [row.key, row.requestHash, row.response, row.createdAt]);
    statements.insertKeys.run(JSON.stringify(rows));
  }

  /** Prepared on first use: the tables exist only after the migrations ran. */
  private prepared(): Statements {
    this.statements ??= Object.fromEntries(
      Object.entries(SQL).map(([name, text]) => [name, this.database.prepare(text)]),
    ) as Statements;
    return this.statements;
  }
}
