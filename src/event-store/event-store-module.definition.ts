import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { StoreLocation } from '../config';
import type { PostgresSessionOptions } from './kysely/postgres-session';

/** Options of {@link EventStoreModule}. */
export interface EventStoreModuleOptions {
  /**
   * Where the store lives: PostgreSQL, or a SQLite file.
   * @default { dialect: 'sqlite', filename: './data/herald.db' }
   */
  readonly location: StoreLocation;
  /**
   * Timeouts and TCP keepalive of every PostgreSQL connection; ignored on SQLite.
   * @default DEFAULT_POSTGRES_SESSION
   */
  readonly postgres?: PostgresSessionOptions;
}

export const {
  ConfigurableModuleClass: ConfigurableEventStoreModule,
  MODULE_OPTIONS_TOKEN: EVENT_STORE_OPTIONS,
} = new ConfigurableModuleBuilder<EventStoreModuleOptions>().setClassMethodName('forRoot').build();
