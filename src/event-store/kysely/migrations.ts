import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { StoreDialect } from './dialect';

/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run before the typed schema exists */

const eventsTable = {
  postgres: sql`
    create table events (
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
  sqlite: sql`
    create table events (
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
};

/** The global order is (tx, position) on PostgreSQL, position alone on SQLite. */
const orderIndexes = {
  postgres: [
    sql`create index events_order on events (tx, position)`,
    sql`create index events_type_order on events (type, tx, position)`,
  ],
  sqlite: [sql`create index events_type_order on events (type, position)`],
};

function initialSchema(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await eventsTable[dialect].execute(db);
      for (const index of orderIndexes[dialect]) await index.execute(db);
      await db.schema
        .createIndex('events_correlation')
        .on('events')
        .columns(['correlation_id', 'position'])
        .execute();
      await db.schema.createIndex('events_causation').on('events').column('causation_id').execute();
      await db.schema
        .createTable('relay_checkpoints')
        .addColumn('relay', 'text', (c) => c.primaryKey())
        .addColumn('tx', 'text', (c) => c.notNull())
        .addColumn('position', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('inbox')
        .addColumn('handler', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('inbox_pk', ['handler', 'event_id'])
        .execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('idempotency_keys_created')
        .on('idempotency_keys')
        .column('created_at')
        .execute();
      await db.schema
        .createTable('dead_letters')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('handler', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('error_kind', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('first_failed_at', 'text', (c) => c.notNull())
        .addColumn('last_failed_at', 'text', (c) => c.notNull())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('archived_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('dead_letters_handler_type')
        .on('dead_letters')
        .columns(['handler', 'type', 'archived_at'])
        .execute();
    },
  };
}

/**
 * PostgreSQL: every transaction that inserts events notifies `herald_appended` on commit (once per
 * transaction: identical notifications fold into one), so that relays in other processes wake.
 * SQLite has one process: nothing to do.
 */
function appendNotifications(dialect: StoreDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await sql`
        create function herald_notify_appended() returns trigger language plpgsql as $$
        begin
          perform pg_notify('herald_appended', '');
          return null;
        end
        $$`.execute(db);
      await sql`
        create trigger events_notify_appended after insert on events
        for each statement execute function herald_notify_appended()`.execute(db);
    },
  };
}

/** Migrations in code, so that `dist/` needs no migration files beside it. */
export class HeraldMigrations implements MigrationProvider {
  constructor(private readonly dialect: StoreDialect) {}

  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve({
      '0001_initial_schema': initialSchema(this.dialect),
      '0002_append_notifications': appendNotifications(this.dialect),
    });
  }
}
