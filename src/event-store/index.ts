export { InvalidCursorError, decodeCursor, encodeCursor, type Cursor } from './cursor';
export { DuplicateEventIdError } from './errors/duplicate-event-id.error';
export { IdempotencyKeyReusedError } from './errors/idempotency-key-reused.error';
export { InvalidStoreInputError } from './errors/invalid-store-input.error';
export { SqliteFileInUseError } from './errors/sqlite-file-in-use.error';
export { StoreFaultError } from './errors/store-fault.error';
export { REPAIR_TX_COMMAND, TransactionIdsAheadError } from './errors/transaction-ids-ahead.error';
export { STORE_RETRY_AFTER_SECONDS, StoreUnavailableError } from './errors/store-unavailable.error';
export { RelayLeadershipLostError } from './errors/relay-leadership-lost.error';
export { VersionConflictError, isVersionConflict } from './errors/version-conflict.error';
export { EVENT_STORE, InjectEventStore } from './event-store.di-tokens';
export { EventStoreModule } from './event-store.module';
export type { EventStoreModuleOptions } from './event-store-module.definition';
export type {
  AppendRequest,
  AppendResult,
  DeadLetter,
  ErrorKind,
  EventPage,
  EventStore,
  IdempotencyClaim,
  NewEvent,
  OutboxBacklog,
  PageBounds,
  ReadAllOptions,
  RelaySession,
  RelaySessionOptions,
  StoredEvent,
  StreamPage,
} from './event-store.port';
export { ANY, NO_STREAM, matchesExpectedVersion, type ExpectedVersion } from './expected-version';
export { storedDataJson } from './kysely/bounded-reads';
export { openDialect } from './kysely/dialect';
export { KyselyEventStore } from './kysely/kysely-event-store';
