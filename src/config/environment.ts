import { Transform, plainToInstance } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { InvalidConfigurationError } from './invalid-configuration.error';
import { IsJsonStockMap, IsRoleList, IsUrlWithScheme } from './validators';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;
export const QUEUE_TYPES = ['quorum', 'classic'] as const;

/** Empty strings count as unset, as they do in most `.env` tooling. */
const blankToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** A strict integer parse: `"12abc"` and `"1.5"` are errors, not 12 and 1. */
const toInt = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '') return undefined;
  return /^-?\d+$/.test(text) ? Number(text) : value;
};

/**
 * Every environment key Herald reads, with its default. Validated once at boot by
 * {@link loadEnvironment}; nothing else in the code base reads `process.env`.
 */
export class Environment {
  /** HTTP port. @default 3000 */
  @Transform(toInt) @Max(65535) @Min(0) @IsInt() PORT = 3000;

  /** Interface the HTTP server binds to. @default "0.0.0.0" */
  @Transform(blankToUndefined) @IsString() HOST = '0.0.0.0';

  /** RabbitMQ URL. @default "amqp://guest:guest@127.0.0.1:5672" */
  @Transform(blankToUndefined)
  @IsUrlWithScheme(['amqp', 'amqps'])
  AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

  /** `postgres://…` selects PostgreSQL; `sqlite:<path>` a SQLite file; unset: `./data/herald.db`. */
  @Transform(blankToUndefined)
  @IsOptional()
  @Matches(/^(postgres(ql)?:\/\/.+|sqlite:.+)$/, {
    message: 'DATABASE_URL must be postgres://… or sqlite:<path>',
  })
  DATABASE_URL?: string;

  /** Redis for rate limits shared across instances; unset: in-memory. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrlWithScheme(['redis', 'rediss'])
  REDIS_URL?: string;

  /** Prefix of every exchange and queue. @default "herald" */
  @Transform(blankToUndefined)
  @Matches(/^[a-z0-9][a-z0-9_.-]{0,63}$/, {
    message: 'HERALD_NAMESPACE must be 1-64 characters of a-z, 0-9, ".", "_" or "-"',
  })
  HERALD_NAMESPACE = 'herald';

  /** Comma-separated roles of this process: `api`, `worker`. @default "api,worker" */
  @Transform(blankToUndefined) @IsRoleList() HERALD_ROLES = 'api,worker';

  /** Key for the dead-letter admin API; unset: admin endpoints refuse everyone. */
  @Transform(blankToUndefined) @IsOptional() @IsString() ADMIN_API_KEY?: string;

  /** Publishing rate per client key, tokens per second. @default 1000 */
  @Transform(toInt) @Min(1) @IsInt() RATE_LIMIT_RPS = 1000;

  /** Token bucket capacity per client key. @default 2000 */
  @Transform(toInt) @Min(1) @IsInt() RATE_LIMIT_BURST = 2000;

  /** Delivery attempts per handler before dead-lettering. @default 5 */
  @Transform(toInt) @Max(50) @Min(1) @IsInt() RETRY_MAX_ATTEMPTS = 5;

  /** Delay before the second attempt; doubles with each further attempt. @default 1000 */
  @Transform(toInt) @Min(1) @IsInt() RETRY_BASE_MS = 1000;

  /** Handler queues' type. @default "quorum" */
  @Transform(blankToUndefined) @IsIn(QUEUE_TYPES) QUEUE_TYPE: (typeof QUEUE_TYPES)[number] = 'quorum';

  /** How often the outbox relay looks for pending events when no local append woke it. @default 1000 */
  @Transform(toInt) @Max(60_000) @Min(10) @IsInt() RELAY_POLL_MS = 1000;

  /** Events the relay publishes per round, confirms pipelined. @default 500 */
  @Transform(toInt) @Max(10_000) @Min(1) @IsInt() RELAY_BATCH_SIZE = 500;

  /** `/health` reports the outbox down when its oldest pending event is older than this. @default 60000 */
  @Transform(toInt) @Min(1000) @IsInt() OUTBOX_MAX_AGE_MS = 60_000;

  /** PostgreSQL `statement_timeout` of every session (0: none). @default 30000 */
  @Transform(toInt) @Min(0) @IsInt() PG_STATEMENT_TIMEOUT_MS = 30_000;

  /** PostgreSQL `lock_timeout` of every session (0: none). @default 10000 */
  @Transform(toInt) @Min(0) @IsInt() PG_LOCK_TIMEOUT_MS = 10_000;

  /** PostgreSQL `idle_in_transaction_session_timeout` of every session (0: none). @default 15000 */
  @Transform(toInt) @Min(0) @IsInt() PG_IDLE_IN_TRANSACTION_TIMEOUT_MS = 15_000;

  /** Client-side limit on one PostgreSQL query, above the statement timeout (0: none). @default 35000 */
  @Transform(toInt) @Min(0) @IsInt() PG_QUERY_TIMEOUT_MS = 35_000;

  /** Idle seconds before TCP keepalive probes start, on both ends of a PostgreSQL connection. @default 30 */
  @Transform(toInt) @Max(7200) @Min(1) @IsInt() PG_TCP_KEEPALIVE_IDLE_S = 30;

  /** Seconds between TCP keepalive probes (server side). @default 10 */
  @Transform(toInt) @Max(600) @Min(1) @IsInt() PG_TCP_KEEPALIVE_INTERVAL_S = 10;

  /** Unanswered keepalive probes before the server drops a connection. @default 3 */
  @Transform(toInt) @Max(100) @Min(1) @IsInt() PG_TCP_KEEPALIVE_COUNT = 3;

  /** PostgreSQL `tcp_user_timeout`: unacknowledged data older than this drops the connection (0: OS default). @default 30000 */
  @Transform(toInt) @Min(0) @IsInt() PG_TCP_USER_TIMEOUT_MS = 30_000;
  /**
   * PostgreSQL: how long the relay leader may publish after its last successful lock check; a new
   * leader waits this long before its first publish, and the server ends a leader session idle
   * this long. @default 10000
   */
  @Transform(toInt) @Max(600_000) @Min(200) @IsInt() RELAY_LEASE_MS = 10_000;

  /** Unconfirmed publishes the relay keeps in flight across subjects. @default 1000 */
  @Transform(toInt) @Max(65_535) @Min(1) @IsInt() RELAY_WINDOW = 1000;

  /** Legacy ingress queue of bare JSON orders (the seed producer's); `off` disables it. @default "order_events" */
  @Transform(blankToUndefined)
  @Matches(/^[A-Za-z0-9_.:-]{1,255}$/, { message: 'LEGACY_QUEUE must be a queue name or off' })
  LEGACY_QUEUE = 'order_events';

  /** Where the order notification handler posts; unset: notifications are skipped. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  ORDER_WEBHOOK_URL?: string;

  /** Initial stock per product id, applied when the inventory is empty. */
  @Transform(blankToUndefined)
  @IsJsonStockMap()
  INVENTORY_SEED = '{"p-1":1000,"p-2":1000,"p-3":1000}';

  /** Larger request bodies are refused with 413. @default 1048576 */
  @Transform(toInt) @Min(1024) @IsInt() MAX_BODY_BYTES = 1_048_576;

  /** How long a SIGTERM may take to close HTTP and AMQP before the process exits anyway. @default 10000 */
  @Transform(toInt) @Min(100) @IsInt() SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Bytes of events one read page (`GET /events`, `/streams/…`) may hold; a page holds at least one. @default 4194304 */
  @Transform(toInt) @Max(268_435_456) @Min(65_536) @IsInt() MAX_PAGE_BYTES = 4_194_304;

  /** pino level. @default "info" */
  @Transform(blankToUndefined) @IsIn(LOG_LEVELS) LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** OTLP endpoint for traces; unset: no trace export. */
  @Transform(blankToUndefined)
  @IsOptional()
  @IsUrlWithScheme(['http', 'https'])
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** OTLP protocol. @default "http/protobuf" */
  @Transform(blankToUndefined)
  @IsIn(OTLP_PROTOCOLS)
  OTEL_EXPORTER_OTLP_PROTOCOL: (typeof OTLP_PROTOCOLS)[number] = 'http/protobuf';

  /** Service name on traces and metrics. @default "herald" */
  @Transform(blankToUndefined) @IsString() OTEL_SERVICE_NAME = 'herald';
}

/** Every key of {@link Environment}, as named in the environment. */
export type EnvironmentKey = keyof Environment;

const describe = (errors: ValidationError[]): string[] =>
  errors.flatMap((error) => {
    const got = JSON.stringify(error.value);
    return Object.values(error.constraints ?? {}).map((text) => `${error.property}: ${text} (got ${got})`);
  });

/**
 * Reads and validates the configuration from an environment map.
 * @throws InvalidConfigurationError naming every bad key.
 */
export function loadEnvironment(source: NodeJS.ProcessEnv = process.env): Environment {
  const keys = Object.keys(new Environment()).concat(optionalKeys);
  const picked: Record<string, unknown> = {};
  for (const key of keys) {
    if (source[key] !== undefined) picked[key] = source[key];
  }
  const env = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  // Transforms turn blanks into undefined; the class defaults must still apply to them.
  const defaults = new Environment();
  for (const key of Object.keys(defaults) as EnvironmentKey[]) {
    if (env[key] === undefined) Object.assign(env, { [key]: defaults[key] });
  }
  const errors = validateSync(env, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length > 0) throw new InvalidConfigurationError(describe(errors));
  return env;
}

const optionalKeys: EnvironmentKey[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'ADMIN_API_KEY',
  'ORDER_WEBHOOK_URL',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
];
