import { Module, type DynamicModule } from '@nestjs/common';
import { LoggingModule } from './app/logging.module';
import { ShutdownWatchdog } from './app/shutdown-watchdog.service';
import type { ConfigType } from '@nestjs/config';
import { HeraldConfigModule, storeConfig } from './config';
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
    return {
      module: AppModule,
      imports: [
        HeraldConfigModule.forRoot(),
        LoggingModule,
        TelemetryModule,
        CorrelationModule,
        EventStoreModule.forRootAsync({
          inject: [storeConfig.KEY],
          useFactory: (store: ConfigType<typeof storeConfig>) => ({ location: store.location }),
        }),
        MessagingModule,
        HealthModule,
      ],
      providers: [ShutdownWatchdog],
    };
  }
}
