import type { Generated } from 'kysely';

/** The `events` table: the stream log, the global order and the outbox in one. */
export interface EventsTable {
  position: Generated<number | string>;
  /** PostgreSQL only: the writing transaction, `pg_current_xact_id()`. */
  tx?: Generated<string>;
  id: string;
  subject: string;
  stream_version: number;
  type: string;
  dataversion: number;
  source: string;
  time: string;
  data: unknown;
  correlation_id: string | null;
  causation_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
  /** Epoch milliseconds of the append. */
  recorded_at: number | string;
}

/** How far each outbox relay has published. */
export interface RelayCheckpointsTable {
  relay: string;
  tx: string;
  position: number | string;
  updated_at: number | string;
}

/** Handler deliveries already processed, for idempotent consumers. */
export interface InboxTable {
  handler: string;
  event_id: string;
  processed_at: number | string;
}

/** Responses to requests that carried an `Idempotency-Key`. */
export interface IdempotencyKeysTable {
  key: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: number | string;
}

/** Deliveries that exhausted their attempts or can never succeed. */
export interface DeadLettersTable {
  id: string;
  event_id: string;
  type: string;
  handler: string;
  reason: string;
  error_kind: string;
  attempts: number;
  first_failed_at: string;
  last_failed_at: string;
  event: string;
  archived_at: number | string;
}

/** Herald's schema, as Kysely sees it. */
export interface HeraldDatabase {
  events: EventsTable;
  relay_checkpoints: RelayCheckpointsTable;
  inbox: InboxTable;
  idempotency_keys: IdempotencyKeysTable;
  dead_letters: DeadLettersTable;
}
