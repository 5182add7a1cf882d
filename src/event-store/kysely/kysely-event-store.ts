import { EventEmitter } from 'node:events';
import { Migrator, sql, type Transaction } from 'kysely';
import { START, decodeCursor, encodeCursor } from '../cursor';
import type {
  DeadLetter,
  IdempotencyClaim,
  AppendRequest,
  AppendResult,
  EventPage,
  EventStore,
  OutboxBacklog,
  PageBounds,
  ReadAllOptions,
  RelaySession,
  RelaySessionOptions,
  StoredEvent,
  StreamPage,
} from '../event-store.port';
import type { GroupWriter } from './append-job';
import { globalRows, readBounded, streamRows, toReadEvent } from './bounded-reads';
import type { HeraldDatabase } from './database';
import type { DialectStrategy } from './dialect';
import { EVENT_COLUMNS, toStoredEvent } from './event-rows';
import { insertDeadLetter, selectDeadLetter } from './dead-letter-archive';
import { GroupAppender } from './group-appender';
import type { KeySweepOptions } from './idempotency-keys';
import { HeraldMigrations } from './migrations';
import { measureBacklog } from './outbox-backlog';
import { PostgresGroupWriter } from './postgres-writer';
import { SqliteGroupWriter } from './sqlite-writer';
import { openRelaySession } from './relay-session';
import { toStoreError } from './store-errors';

const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const pageSize = (limit: number) => Math.min(Math.max(1, limit), MAX_PAGE);

/** The event store on Kysely, for SQLite and PostgreSQL alike; dialect specifics live in the strategy. */
export class KyselyEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly appender: GroupAppender;

  /** @param options.keySweep when to sweep expired idempotency keys. */
  constructor(
    private readonly strategy: DialectStrategy,
    options: { keySweep?: KeySweepOptions } = {},
  ) {
    this.appended.setMaxListeners(0);
    this.appender = new GroupAppender(writerFor(strategy), {
      lostRace: (error) => {
        const violation = strategy.uniqueViolation(error);
        return violation === 'id' || violation === 'idempotency' || violation === 'stream';
      },
      onCommitted: () => this.appended.emit('appended'),
      sweep: options.keySweep,
    });
  }

  private get db() {
    return this.strategy.db;
  }

  /** Brings the schema up to date. Safe to run from several processes at once. */
  async migrate(): Promise<void> {
    const migrator = new Migrator({ db: this.db, provider: new HeraldMigrations(this.strategy.dialect) });
    const { error } = await migrator.migrateToLatest();
    if (error !== undefined) throw toStoreError(error);
  }

  /**
   * Queues the append for the store's one group appender; see {@link GroupAppender}. The requests
   * of one call are stored together or not at all; each call gets its own answer.
   */
  append(
    requests: readonly AppendRequest[],
    { idempotency }: { idempotency?: IdempotencyClaim } = {},
  ): Promise<AppendResult> {
    return this.appender.append({ requests, idempotency });
  }

  private selectEvents(db: Transaction<HeraldDatabase> | DialectStrategy['db'] = this.db) {
    return db.selectFrom('events').select(EVENT_COLUMNS).select(this.strategy.txColumn.as('tx'));
  }

  private async versionIn(db: Transaction<HeraldDatabase> | DialectStrategy['db'], subject: string) {
    const row = await db
      .selectFrom('events')
      .select((eb) => eb.fn.max('stream_version').as('version'))
      .where('subject', '=', subject)
      .executeTakeFirst();
    return Number(row?.version ?? 0);
  }

  async streamVersion(subject: string): Promise<number> {
    return this.guard(() => this.versionIn(this.db, subject));
  }

  async readEvent(id: string): Promise<StoredEvent | undefined> {
    const row = await this.guard(() => this.selectEvents().where('id', '=', id).executeTakeFirst());
    return row === undefined ? undefined : toStoredEvent(row);
  }

  async readStream(
    subject: string,
    fromVersion = 1,
    { limit = MAX_PAGE, maxBytes }: PageBounds = {},
  ): Promise<StreamPage> {
    return this.guard(async () => {
      const fetch = streamRows(this.strategy, subject, fromVersion);
      const events = (await readBounded(fetch, pageSize(limit), maxBytes)).map(toReadEvent);
      const version = await this.versionIn(this.db, subject);
      return { version, events, next: (events.at(-1)?.streamVersion ?? fromVersion - 1) + 1 };
    });
  }

  async readAll({ after, limit = DEFAULT_PAGE, type, maxBytes }: ReadAllOptions = {}): Promise<EventPage> {
    const given = after ?? encodeCursor(START);
    const fetch = globalRows(this.strategy, decodeCursor(given), type);
    const rows = await this.guard(() => readBounded(fetch, pageSize(limit), maxBytes));
    const events = rows.map(toReadEvent);
    return { events, next: events.at(-1)?.cursor ?? given };
  }

  async readCorrelation(correlationId: string): Promise<StoredEvent[]> {
    const rows = await this.guard(() =>
      this.selectEvents().where('correlation_id', '=', correlationId).orderBy('position').execute(),
    );
    return rows.map((row) => toStoredEvent(row));
  }

  async replay(
    handler: (event: StoredEvent) => Promise<void> | void,
    { type, batchSize = 500 }: { type?: string; batchSize?: number } = {},
  ): Promise<number> {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.readAll({ after, limit: batchSize, type });
      if (page.events.length === 0) return count;
      for (const event of page.events) await handler(event);
      count += page.events.length;
      after = page.next ?? undefined;
    }
  }

  async relayCheckpoint(relay: string): Promise<string | undefined> {
    const row = await this.guard(() =>
      this.db
        .selectFrom('relay_checkpoints')
        .select(['tx', 'position'])
        .where('relay', '=', relay)
        .executeTakeFirst(),
    );
    return row === undefined ? undefined : encodeCursor({ tx: row.tx, position: Number(row.position) });
  }

  async outboxBacklog(relay: string): Promise<OutboxBacklog> {
    const saved = await this.relayCheckpoint(relay);
    const cursor = saved === undefined ? START : decodeCursor(saved);
    return this.guard(() => measureBacklog(this.strategy, cursor));
  }

  async leadRelay(relay: string, options: RelaySessionOptions): Promise<RelaySession | undefined> {
    return this.guard(() => openRelaySession(this.strategy, relay, options));
  }

  archiveDeadLetter(letter: DeadLetter): Promise<void> {
    return this.guard(() => insertDeadLetter(this.db, letter));
  }

  readDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.guard(() => selectDeadLetter(this.db, id));
  }

  onAppended(listener: () => void): () => void {
    // Only processes that listen need to hear other processes' appends (PostgreSQL LISTEN).
    this.strategy.watchAppends(() => this.appended.emit('appended'));
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async ping(): Promise<void> {
    await this.guard(() => sql`select 1`.execute(this.db));
  }

  async close(): Promise<void> {
    await this.appender.close();
    this.appended.removeAllListeners();
    await this.strategy.close();
  }

  /** Runs a read, turning connection failures into {@link StoreUnavailableError}. */
  private async guard<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw toStoreError(error);
    }
  }
}

/** The appender's writer for the store's database. */
function writerFor({ driver, db }: DialectStrategy): GroupWriter {
  return driver.dialect === 'postgres'
    ? new PostgresGroupWriter(driver.pool)
    : new SqliteGroupWriter(driver.database, db);
}
