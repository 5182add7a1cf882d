/**
 * A copy of Herald's `events` table (columns and indexes) as created by
 * src/event-store/kysely/migrations.ts, for the naive baseline. Copied, not imported: the
 * baseline must not move when Herald's store changes, and it lives in a database of its own.
 * test/contracts/bench-baseline-schema.e2e-spec.ts fails when the two drift apart.
 */
export const EVENTS_DDL = {
  postgres: [
    `create table events (
      position bigint generated always as identity primary key,
      tx xid8 not null default pg_current_xact_id(),
      id text not null unique,
      subject text not null,
      stream_version integer not null,
      type text not null,
      dataversion integer not null,
      source text not null,
      time text not null,
      data jsonb not null,
      correlation_id text,
      causation_id text,
      traceparent text,
      tracestate text,
      recorded_at bigint not null,
      unique (subject, stream_version)
    )`,
    'create index events_order on events (tx, position)',
    'create index events_type_order on events (type, tx, position)',
    'create index events_correlation on events (correlation_id, position)',
    'create index events_causation on events (causation_id)',
  ],
  sqlite: [
    `create table events (
      position integer primary key autoincrement,
      id text not null unique,
      subject text not null,
      stream_version integer not null,
      type text not null,
      dataversion integer not null,
      source text not null,
      time text not null,
      data text not null,
      correlation_id text,
      causation_id text,
      traceparent text,
      tracestate text,
      recorded_at integer not null,
      unique (subject, stream_version)
    )`,
    'create index events_type_order on events (type, position)',
    'create index events_correlation on events (correlation_id, position)',
    'create index events_causation on events (causation_id)',
  ],
} as const;

/** Column names of an insert, in the order of {@link naiveRow}'s values. */
export const INSERT_COLUMNS = [
  'id',
  'subject',
  'stream_version',
  'type',
  'dataversion',
  'source',
  'time',
  'data',
  'correlation_id',
  'causation_id',
  'traceparent',
  'tracestate',
  'recorded_at',
] as const;
