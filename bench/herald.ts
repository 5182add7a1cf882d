import { join } from 'node:path';
import { startChild, waitUntilServing, type Child } from './children';
import { freePort } from './ports';

/** The repository root: children run there, Herald from its build in `dist/`. */
export const ROOT = join(__dirname, '..');

/**
 * How a Herald child traces. `on`: spans exported over OTLP/HTTP to the bench's receiver. `off`:
 * `OTEL_TRACES_EXPORTER=none`, as an operator turns traces off; the SDK still runs for metrics
 * (the HTTP duration histogram) and context propagation. (`OTEL_SDK_DISABLED=true` would also
 * switch `/metrics` off, which is not a setting anyone would run.)
 */
export interface Tracing {
  readonly mode: 'on' | 'off';
  /** The OTLP receiver; also set when off, so that the SDK reads `OTEL_TRACES_EXPORTER`. */
  readonly endpoint: string;
}

export interface HeraldOptions {
  readonly databaseUrl: string;
  readonly namespace: string;
  readonly roles: 'api' | 'worker' | 'api,worker';
  readonly tracing: Tracing;
  readonly amqpUrl: string;
  /** Extra `node` flags, e.g. `--cpu-prof`. */
  readonly nodeArgs?: string[];
}

export interface RunningHerald {
  readonly child: Child;
  readonly url: string;
}

function tracingEnv(tracing: Tracing): Record<string, string> {
  return {
    OTEL_EXPORTER_OTLP_ENDPOINT: tracing.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    OTEL_TRACES_EXPORTER: tracing.mode === 'on' ? 'otlp' : 'none',
    OTEL_SDK_DISABLED: 'false',
  };
}

/**
 * Starts the built Herald (`node dist/main.js`) through its public environment only, and waits
 * until it serves (`/health/live`). Rate limits are lifted: the load comes from one client and
 * the bench measures the publish path, not the limiter's refusals.
 */
export async function startHerald(options: HeraldOptions): Promise<RunningHerald> {
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: options.databaseUrl,
    AMQP_URL: options.amqpUrl,
    HERALD_NAMESPACE: options.namespace,
    HERALD_ROLES: options.roles,
    LEGACY_QUEUE: 'off',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    RATE_LIMIT_RPS: '1000000',
    RATE_LIMIT_BURST: '1000000',
    REDIS_URL: '',
    OTEL_SERVICE_NAME: 'herald-bench',
    ...tracingEnv(options.tracing),
  };
  const name = `herald ${options.roles} (tracing ${options.tracing.mode})`;
  // Another build's entry point can be measured under the same load, to compare two versions.
  const main = process.env.BENCH_HERALD_MAIN ?? join('dist', 'main.js');
  const child = startChild(name, [...(options.nodeArgs ?? []), main], env, ROOT);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(child, `${url}/health/live`);
  return { child, url };
}
