import type { ExpectedVersion } from './expected-version';

/** An event about to be appended: the envelope fields the producer decides. */
export interface NewEvent {
  /** Unique id (UUID v7). Appending an id that is already stored returns the stored result. */
  readonly id: string;
  readonly type: string;
  /** Version of the data schema of `type`. */
  readonly dataversion: number;
  readonly source: string;
  /** Event time, ISO 8601. */
  readonly time: string;
  readonly data: unknown;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** An event as stored: the new event plus its place in its stream and in the global order. */
export interface StoredEvent extends NewEvent {
  readonly subject: string;
  /** 1-based version of the event within its stream. */
  readonly streamVersion: number;
  /** Global position; increases with every append, never reused. */
  readonly position: number;
  /** Opaque cursor that continues after this event in the global order. */
  readonly cursor: string;
}

/** Events for one stream, appended only if the stream is at `expectedVersion`. */
export interface AppendRequest {
  readonly subject: string;
  readonly events: readonly NewEvent[];
  readonly expectedVersion: ExpectedVersion;
}

/** What an append stored, in request order. */
export interface AppendResult {
  readonly events: readonly StoredEvent[];
  /** True when every event was already stored by an earlier append (a retried request). */
  readonly duplicate: boolean;
  /**
   * Set when the append carried an idempotency key already used with the same request: the
   * response recorded then. Nothing was appended.
   */
  readonly idempotentResponse?: unknown;
}

/**
 * An `Idempotency-Key` to record with an append, in the same transaction: the same key with the
 * same request within `ttlMs` answers the recorded response instead of appending again.
 */
export interface IdempotencyClaim {
  readonly key: string;
  /** A digest of the request; the same key with another digest is an error. */
  readonly requestHash: string;
  readonly ttlMs: number;
  /** The response to record for this key, made from the append's result. */
  render(result: AppendResult): unknown;
}

/**
 * A page of the global order. `next` continues after the page; an empty page returns the cursor
 * it was given (the start of the order when none was), so a tailing reader keeps it and asks again.
 */
export interface EventPage {
  readonly events: readonly StoredEvent[];
  readonly next: string;
}

/** How much one read may return: events are added while both bounds hold, but at least one. */
export interface PageBounds {
  /** @default 100 for the global order, 1000 for a stream; at most 1000 */
  readonly limit?: number;
  /**
   * Bytes of event data (UTF-8 JSON) a page may hold; the event that would cross the bound ends
   * the page instead, unless it is the first. Unbounded when omitted.
   */
  readonly maxBytes?: number;
}

export interface ReadAllOptions extends PageBounds {
  /** Cursor from a previous page's `next` or an event's `cursor`; omitted: from the beginning. */
  readonly after?: string;
  /** Only events of this type. */
  readonly type?: string;
}

/** A page of one stream: its events from a version, and its current version (0: no such stream). */
export interface StreamPage {
  readonly version: number;
  readonly events: StoredEvent[];
  /** The `fromVersion` that continues after this page (the one given when the page is empty). */
  readonly next: number;
}

/** The oldest unpublished event and how many wait behind the relay checkpoint. */
export interface OutboxBacklog {
  readonly pending: number;
  /** Milliseconds since the next event to publish was appended; 0 when none is pending. */
  readonly oldestAgeMs: number;
  /** Set when `pending` is too large to count cheaply and is estimated from positions. */
  readonly estimated?: true;
}

/** Why a delivery failed for good: API.md §2 `x-error-kind`. */
export type ErrorKind = 'transient' | 'permanent' | 'poison' | 'unpublishable';

/** A delivery that cannot succeed, kept for an operator to inspect and replay. */
export interface DeadLetter {
  readonly id: string;
  /** The event's id, or the broker message id of an undecodable message. */
  readonly eventId: string;
  readonly type: string;
  readonly handler: string;
  readonly reason: string;
  readonly errorKind: ErrorKind;
  readonly attempts: number;
  readonly firstFailedAt: string;
  readonly lastFailedAt: string;
  /** The envelope, or the raw body as received when it could not be decoded. */
  readonly event: unknown;
}

export interface RelaySessionOptions {
  /**
   * How long the leader may act on its last successful lock check. The session is ended by the
   * server when it stays idle this long, which releases the lock if the leader went silent.
   */
  readonly leaseMs: number;
}

/**
 * What the relay's leader does in the database, fenced by the lock it holds: once the session
 * that holds the lock is gone, every method throws RelayLeadershipLostError.
 */
export interface RelaySession {
  /** Where the relay has published up to; undefined before its first checkpoint. */
  checkpoint(): Promise<string | undefined>;
  /**
   * Up to `limit` events after `after`, in commit order, each safe to checkpoint past; with
   * `maxBytes`, also about that many bytes of them at most, but at least one event.
   */
  readPending(after: string | undefined, limit: number, maxBytes?: number): Promise<StoredEvent[]>;
  /** Moves the checkpoint to `cursor`, unless it is already there or further: never backwards. */
  saveCheckpoint(cursor: string): Promise<void>;
  /** Asks the database whether this session still holds the lock. @throws RelayLeadershipLostError */
  confirmLock(): Promise<void>;
  /** Gives leadership up at once. Never throws. */
  release(): Promise<void>;
}

/** The durable event store. Implementations: {@link KyselyEventStore} on SQLite and PostgreSQL. */
export interface EventStore {
  /**
   * Appends events to one or more streams in one transaction: all or nothing. The events are
   * also the outbox: once this resolves they will be published, even if the process dies.
   * @throws VersionConflictError when a stream is not at its expected version.
   * @throws DuplicateEventIdError when an id is stored with other content.
   * @throws IdempotencyKeyReusedError when the key was used for a different request.
   * @throws StoreUnavailableError when the database cannot be reached.
   */
  append(
    requests: readonly AppendRequest[],
    options?: { idempotency?: IdempotencyClaim },
  ): Promise<AppendResult>;

  /** One event by id, or undefined. */
  readEvent(id: string): Promise<StoredEvent | undefined>;

  /**
   * A stream's events from `fromVersion` (inclusive, default 1), a page at a time, and its
   * current version: read on from `next` while it is at most `version`.
   */
  readStream(subject: string, fromVersion?: number, bounds?: PageBounds): Promise<StreamPage>;

  /** The current version of a stream; 0 when it does not exist. */
  streamVersion(subject: string): Promise<number>;

  /**
   * Events in commit order after a cursor. A reader that pages with `after = next` sees every
   * committed event exactly once, even when writers commit out of position order.
   */
  readAll(options?: ReadAllOptions): Promise<EventPage>;

  /** Events with a correlation id, in global order. */
  readCorrelation(correlationId: string): Promise<StoredEvent[]>;

  /**
   * Streams every event (optionally of one type) through `handler` in commit order, in batches,
   * without holding more than one batch in memory.
   * @returns how many events were replayed.
   */
  replay(
    handler: (event: StoredEvent) => Promise<void> | void,
    options?: { readonly type?: string; readonly batchSize?: number },
  ): Promise<number>;

  /** Where the relay named `relay` has published up to; undefined before its first publish. */
  relayCheckpoint(relay: string): Promise<string | undefined>;

  /** Events appended but not yet past the relay's checkpoint. */
  outboxBacklog(relay: string): Promise<OutboxBacklog>;

  /**
   * Tries to become the one publishing relay named `relay` among all processes sharing this
   * store. On PostgreSQL the lock lives on a database session of the relay's own, through which
   * the returned session reads and checkpoints; SQLite always leads.
   * @returns undefined when another process leads.
   * @throws StoreUnavailableError when the database cannot be reached.
   */
  leadRelay(relay: string, options: RelaySessionOptions): Promise<RelaySession | undefined>;

  /** Keeps a dead letter in the archive. */
  archiveDeadLetter(deadLetter: DeadLetter): Promise<void>;

  /** One archived dead letter, or undefined. */
  readDeadLetter(id: string): Promise<DeadLetter | undefined>;

  /** Calls `listener` after every local commit of an append. @returns an unsubscribe function. */
  onAppended(listener: () => void): () => void;

  /** A round trip to the database. @throws StoreUnavailableError */
  ping(): Promise<void>;

  close(): Promise<void>;
}
