import { EventEmitter } from 'node:events';
import { Migrator, sql, type Transaction } from 'kysely';
import { START, decodeCursor, encodeCursor } from '../cursor';
import { DuplicateEventIdError } from '../errors/duplicate-event-id.error';
import { VersionConflictError } from '../errors/version-conflict.error';
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
  StoredEvent,
  StreamPage,
} from '../event-store.port';
import { ANY, matchesExpectedVersion } from '../expected-version';
import { globalRows, readBounded, streamRows, toReadEvent } from './bounded-reads';
import type { HeraldDatabase } from './database';
import type { DialectStrategy } from './dialect';
import { EVENT_COLUMNS, sameEvent, toInsertRow, toStoredEvent } from './event-rows';
import { insertDeadLetter, selectDeadLetter } from './dead-letter-archive';
import { recordResponse, recordedResponse } from './idempotency-keys';
import { HeraldMigrations } from './migrations';
import { toStoreError } from './store-errors';

/** Appends racing on a stream with expectedVersion "any" are retried this many times. */
const ANY_VERSION_RETRIES = 5;
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
const pageSize = (limit: number) => Math.min(Math.max(1, limit), MAX_PAGE);

/** The event store on Kysely, for SQLite and PostgreSQL alike; dialect specifics live in the strategy. */
export class KyselyEventStore implements EventStore {
  private readonly appended = new EventEmitter();

  constructor(private readonly strategy: DialectStrategy) {
    this.appended.setMaxListeners(0);
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

  async append(
    requests: readonly AppendRequest[],
    { idempotency }: { idempotency?: IdempotencyClaim } = {},
  ): Promise<AppendResult> {
    const retryable = requests.every((request) => request.expectedVersion === ANY);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction().execute(async (trx) => {
          const recorded = idempotency && (await recordedResponse(trx, idempotency));
          if (recorded !== undefined) return recorded;
          const appended = await this.appendIn(trx, requests);
          if (idempotency) await recordResponse(trx, idempotency, appended);
          return appended;
        });
        if (!result.duplicate) this.appended.emit('appended');
        return result;
      } catch (error) {
        const violation = this.strategy.uniqueViolation(error);
        // A concurrent append took the same id or key: the next attempt finds it and answers as a retry.
        if ((violation === 'id' || violation === 'idempotency') && attempt === 1) continue;
        if (violation === 'stream') {
          if (retryable && attempt < ANY_VERSION_RETRIES) continue;
          throw await this.conflictFor(requests);
        }
        throw toStoreError(error);
      }
    }
  }

  private async appendIn(
    trx: Transaction<HeraldDatabase>,
    requests: readonly AppendRequest[],
  ): Promise<AppendResult> {
    const ids = requests.flatMap((request) => request.events.map((event) => event.id));
    const existing = await this.selectEvents(trx).where('id', 'in', ids).execute();
    if (existing.length > 0) return this.asRetry(requests, existing.map(toStoredEvent));
    await this.strategy.lockStreams(
      trx,
      requests.map((request) => request.subject),
    );
    const stored: StoredEvent[] = [];
    const now = Date.now();
    for (const { subject, events, expectedVersion } of requests) {
      const current = await this.versionIn(trx, subject);
      if (!matchesExpectedVersion(expectedVersion, current)) {
        throw new VersionConflictError(subject, expectedVersion, current);
      }
      const rows = events.map((event, i) => toInsertRow(event, subject, current + i + 1, now));
      const inserted = await trx
        .insertInto('events')
        .values(rows)
        .returning(['position', this.strategy.txColumn.as('tx')])
        .execute();
      events.forEach((event, i) => {
        const { position, tx } = inserted[i];
        stored.push({
          ...event,
          subject,
          streamVersion: current + i + 1,
          position: Number(position),
          cursor: encodeCursor({ tx, position: Number(position) }),
        });
      });
    }
    return { events: stored, duplicate: false };
  }

  /** A request whose ids are already stored: the original result, or an error if it differs. */
  private asRetry(requests: readonly AppendRequest[], existing: StoredEvent[]): AppendResult {
    const byId = new Map(existing.map((event) => [event.id, event]));
    const events = requests.flatMap(({ subject, events: news }) =>
      news.map((event) => {
        const stored = byId.get(event.id);
        if (stored === undefined || !sameEvent(stored, event, subject))
          throw new DuplicateEventIdError(event.id);
        return stored;
      }),
    );
    return { events, duplicate: true };
  }

  private async conflictFor(requests: readonly AppendRequest[]): Promise<VersionConflictError> {
    for (const { subject, expectedVersion } of requests) {
      const current = await this.streamVersion(subject);
      if (!matchesExpectedVersion(expectedVersion, current) || expectedVersion === ANY) {
        return new VersionConflictError(subject, expectedVersion, current);
      }
    }
    const first = requests[0];
    return new VersionConflictError(
      first.subject,
      first.expectedVersion,
      await this.streamVersion(first.subject),
    );
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

  async saveRelayCheckpoint(relay: string, cursor: string): Promise<void> {
    const { tx, position } = decodeCursor(cursor);
    const values = { relay, tx, position, updated_at: Date.now() };
    await this.guard(() =>
      this.db
        .insertInto('relay_checkpoints')
        .values(values)
        .onConflict((oc) => oc.column('relay').doUpdateSet({ tx, position, updated_at: values.updated_at }))
        .execute(),
    );
  }

  async outboxBacklog(relay: string): Promise<OutboxBacklog> {
    const saved = await this.relayCheckpoint(relay);
    const cursor = saved === undefined ? START : decodeCursor(saved);
    const row = await this.guard(() =>
      this.db
        .selectFrom('events')
        .select((eb) => [eb.fn.countAll().as('pending'), eb.fn.min('recorded_at').as('oldest')])
        .where(this.strategy.after(cursor))
        .executeTakeFirst(),
    );
    const pending = Number(row?.pending ?? 0);
    const oldest = row?.oldest === null || row?.oldest === undefined ? undefined : Number(row.oldest);
    return { pending, oldestAgeMs: oldest === undefined ? 0 : Math.max(0, Date.now() - oldest) };
  }

  tryAcquireRelayLeadership(relay: string): Promise<boolean> {
    return this.guard(() => this.strategy.tryLead(relay));
  }

  releaseRelayLeadership(relay: string): Promise<void> {
    return this.strategy.release(relay);
  }

  archiveDeadLetter(letter: DeadLetter): Promise<void> {
    return this.guard(() => insertDeadLetter(this.db, letter));
  }

  readDeadLetter(id: string): Promise<DeadLetter | undefined> {
    return this.guard(() => selectDeadLetter(this.db, id));
  }

  onAppended(listener: () => void): () => void {
    this.appended.on('appended', listener);
    return () => this.appended.off('appended', listener);
  }

  async ping(): Promise<void> {
    await this.guard(() => sql`select 1`.execute(this.db));
  }

  async close(): Promise<void> {
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
