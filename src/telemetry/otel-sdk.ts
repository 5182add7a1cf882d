import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Environment } from '../config/environment';

/** The running OpenTelemetry SDK and the Prometheus reader that `/metrics` serves. */
export interface Telemetry {
  readonly sdk: NodeSDK;
  readonly prometheus: PrometheusExporter;
}

let running: Telemetry | undefined;

/** Health probes and metric scrapes poll all day; a span each would be noise and cost. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Server spans for incoming HTTP requests, the only instrumentation Herald needs: the AMQP side
 * carries trace context in its own envelope. The SDK's default context manager is already the
 * AsyncLocalStorage one (not the older async-hooks one), so none is configured here.
 */
function httpInstrumentation(): HttpInstrumentation {
  return new HttpInstrumentation({
    ignoreIncomingRequestHook: (request) => UNTRACED_PATHS.test(request.url ?? ''),
  });
}

/**
 * Starts the OpenTelemetry SDK once per process. Traces are exported only when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; the SDK then picks the exporter for
 * `OTEL_EXPORTER_OTLP_PROTOCOL` itself, as the OTel specification describes. Spans are created in
 * any case so that trace context propagates. Metrics are read on demand by `/metrics`.
 */
export function startTelemetry(env: Environment): Telemetry {
  if (running) return running;
  // The exporter's own HTTP server (port 9464) stays closed: /metrics is served on the app port.
  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME }),
    metricReaders: [prometheus],
    instrumentations: [httpInstrumentation()],
    // Without an endpoint spans are still made (trace ids in logs and traceparent headers) but go nowhere.
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
      ? { spanProcessors: [new tracing.NoopSpanProcessor()] }
      : {}),
  });
  sdk.start();
  running = { sdk, prometheus };
  return running;
}

/** Flushes and stops the SDK, if it runs. */
export async function stopTelemetry(): Promise<void> {
  const current = running;
  running = undefined;
  await current?.sdk.shutdown();
}
