export { startTelemetry, stopTelemetry, type Telemetry } from './otel-sdk';
export { TELEMETRY } from './telemetry.di-tokens';
export { TelemetryModule } from './telemetry.module';
