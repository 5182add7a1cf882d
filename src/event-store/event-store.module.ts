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

/** Opens the store and brings its schema up to date before anything uses it. */
async function openEventStore({ location }: EventStoreModuleOptions): Promise<EventStore> {
  const store = new KyselyEventStore(openDialect(location));
  try {
    await store.migrate();
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
