import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { StoreLocation } from '../config';

/** Options of {@link EventStoreModule}. */
export interface EventStoreModuleOptions {
  /**
   * Where the store lives: PostgreSQL, or a SQLite file.
   * @default { dialect: 'sqlite', filename: './data/herald.db' }
   */
  readonly location: StoreLocation;
}

export const {
  ConfigurableModuleClass: ConfigurableEventStoreModule,
  MODULE_OPTIONS_TOKEN: EVENT_STORE_OPTIONS,
} = new ConfigurableModuleBuilder<EventStoreModuleOptions>().setClassMethodName('forRoot').build();
