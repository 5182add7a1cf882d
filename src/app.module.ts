import { Module, type DynamicModule } from '@nestjs/common';
import { LoggingModule } from './app/logging.module';
import { ShutdownWatchdog } from './app/shutdown-watchdog.service';
import type { ConfigType } from '@nestjs/config';
import { HeraldConfigModule, loadEnvironment, storeConfig } from './config';
import { parseRoles } from './config/validators';
import { EventsModule } from './events';
import { OrdersModule } from './orders';
import { VersioningModule } from './versioning';
import { EventStoreModule } from './event-store';
import { CorrelationModule } from './correlation';
import { HealthModule } from './health';
import { MessagingModule } from './messaging';
import { TelemetryModule } from './telemetry';

/** The Herald application: every module, wired for the roles of this process. */
@Module({})
export class AppModule {
  /**
   * Builds the application from the environment as it is now.
   * @throws InvalidConfigurationError when a key is invalid (before anything connects).
   */
  static forRoot(): DynamicModule {
    const roles = new Set(parseRoles(loadEnvironment().HERALD_ROLES));
    const api = roles.has('api');
    return {
      module: AppModule,
      imports: [
        HeraldConfigModule.forRoot(),
        LoggingModule,
        TelemetryModule,
        CorrelationModule,
        EventStoreModule.forRootAsync({
          inject: [storeConfig.KEY],
          useFactory: (store: ConfigType<typeof storeConfig>) => ({
            location: store.location,
            postgres: store.postgres,
          }),
        }),
        VersioningModule,
        MessagingModule,
        HealthModule,
        ...(api ? [EventsModule] : []),
        OrdersModule.register({ http: api }),
      ],
      providers: [ShutdownWatchdog],
    };
  }
}
