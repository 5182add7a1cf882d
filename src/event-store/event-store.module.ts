import { Global, Inject, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE } from './event-store.di-tokens';
import {
  ConfigurableEventStoreModule,
  EVENT_STORE_OPTIONS,
  type EventStoreModuleOptions,
} from './event-store-module.definition';
import type { EventStore } from './event-store.port';
import { openDialect } from './kysely/dialect';
import { KyselyEventStore } from './kysely/kysely-event-store';
import { assertTransactionIdsBehindServer } from './kysely/transaction-ids';

/**
 * Opens the store, brings its schema up to date and checks it before anything uses it.
 * @throws SqliteFileInUseError when another process holds the SQLite file.
 * @throws TransactionIdsAheadError when a PostgreSQL store was restored into another cluster.
 */
async function openEventStore({ location, postgres }: EventStoreModuleOptions): Promise<EventStore> {
  const strategy = openDialect(location, postgres);
  const store = new KyselyEventStore(strategy);
  try {
    await store.migrate();
    if (strategy.dialect === 'postgres') await assertTransactionIdsBehindServer(strategy.db);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  new Logger('EventStore').log(
    location.dialect === 'postgres'
      ? 'event store on PostgreSQL'
      : `event store on SQLite at ${location.filename}`,
  );
  return store;
}

/**
 * The durable event store: streams, the global order, the outbox, inbox, idempotency keys and
 * the dead-letter archive. `EventStoreModule.forRoot({ location })` or `forRootAsync(...)`.
 */
@Global()
@Module({
  providers: [{ provide: EVENT_STORE, inject: [EVENT_STORE_OPTIONS], useFactory: openEventStore }],
  exports: [EVENT_STORE],
})
export class EventStoreModule extends ConfigurableEventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
