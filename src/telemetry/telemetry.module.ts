import { Global, Module, type OnApplicationShutdown } from '@nestjs/common';
import { OpenTelemetryModule } from 'nestjs-otel';
import { loadEnvironment } from '../config/environment';
import { MetricsController } from './metrics.controller';
import { startTelemetry, stopTelemetry } from './otel-sdk';
import { TELEMETRY } from './telemetry.di-tokens';

/**
 * Metrics and tracing: nestjs-otel's `MetricService` and `@Span` over the process-wide SDK,
 * and `GET /metrics`.
 */
@Global()
@Module({
  imports: [OpenTelemetryModule.forRoot({ metrics: { hostMetrics: false } })],
  controllers: [MetricsController],
  // main.ts has usually started the SDK already; a test module starts it here.
  providers: [{ provide: TELEMETRY, useFactory: () => startTelemetry(loadEnvironment()) }],
  exports: [OpenTelemetryModule, TELEMETRY],
})
export class TelemetryModule implements OnApplicationShutdown {
  async onApplicationShutdown(signal?: string): Promise<void> {
    // Flush pending spans when the process is going away; an app closed in a test keeps the SDK.
    if (signal !== undefined) await stopTelemetry();
  }
}
