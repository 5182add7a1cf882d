import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadEnvironment } from './environment';
import { amqpConfig } from './namespaces/amqp.config';
import { heraldConfig } from './namespaces/herald.config';
import { httpConfig } from './namespaces/http.config';
import { ordersConfig } from './namespaces/orders.config';
import { rateLimitConfig } from './namespaces/rate-limit.config';
import { storeConfig } from './namespaces/store.config';
import { telemetryConfig } from './namespaces/telemetry.config';

/**
 * Global, typed configuration. The environment is validated when the module is built, so a bad
 * value stops the process before any connection is opened. Inject a namespace with
 * `@Inject(httpConfig.KEY) config: ConfigType<typeof httpConfig>`.
 */
@Module({})
export class HeraldConfigModule {
  /** Builds the configuration from `process.env` as it is now (tests set it per suite). */
  static forRoot(): DynamicModule {
    // Throws InvalidConfigurationError synchronously, before any other module is built.
    loadEnvironment();
    return {
      module: HeraldConfigModule,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          // `.env` is loaded by the entry point (src/env.ts) so that tracing sees it too.
          ignoreEnvFile: true,
          load: [
            httpConfig,
            heraldConfig,
            amqpConfig,
            storeConfig,
            rateLimitConfig,
            ordersConfig,
            telemetryConfig,
          ],
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
