import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';

/** Logging, tracing and metrics settings. */
export const telemetryConfig = registerAs('telemetry', () => {
  const env = loadEnvironment();
  return {
    logLevel: env.LOG_LEVEL,
    serviceName: env.OTEL_SERVICE_NAME,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    otlpProtocol: env.OTEL_EXPORTER_OTLP_PROTOCOL,
  };
});
