/** Knobs of one bench run, read once from the environment (`BENCH_*`, plus the services' URLs). */
export interface BenchConfig {
  /** Stores to measure, in order. */
  readonly stores: ReadonlyArray<'sqlite' | 'postgres'>;
  /** Measured seconds of each HTTP load and of the naive insert baseline. */
  readonly seconds: number;
  /** Unmeasured seconds of load before each HTTP measurement (JIT, pools, caches). */
  readonly warmupSeconds: number;
  /** HTTP connections of each load (and PostgreSQL clients of the naive baseline). */
  readonly connections: number;
  /** Events in each relay backlog (fewer if ingesting them takes longer than `ingestSeconds`). */
  readonly backlog: number;
  /** Time allowed for ingesting one backlog; the backlog is what was accepted by then. */
  readonly ingestSeconds: number;
  /** Time allowed for one drain; a drain cut short is reported at the rate it reached. */
  readonly drainSeconds: number;
  /** Events per `POST /events/batch` request. */
  readonly batchSize: number;
  /** Concurrent batch writers for the many-subject backlog; each owns its subjects. */
  readonly batchWriters: number;
  /** Subjects of the many-subject backlog. */
  readonly subjects: number;
  /** Unconfirmed messages the raw publisher keeps in flight. */
  readonly rawWindow: number;
  /** The whole run is abandoned (and cleaned up) after this many seconds. */
  readonly deadlineSeconds: number;
  readonly amqpUrl: string;
  /** A PostgreSQL database the bench may connect to in order to create its own. */
  readonly postgresAdminUrl: string;
}

function int(name: string, fallback: number, min = 1): number {
  const text = process.env[name];
  if (text === undefined || text.trim() === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer >= ${min} (got ${text})`);
  return value;
}

function stores(): BenchConfig['stores'] {
  const text = process.env.BENCH_STORES ?? 'sqlite,postgres';
  const names = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (name !== 'sqlite' && name !== 'postgres') throw new Error(`BENCH_STORES: unknown store ${name}`);
  }
  return names as BenchConfig['stores'];
}

/** Reads the configuration; a bad value stops the run before anything is created. */
export function loadBenchConfig(): BenchConfig {
  return {
    stores: stores(),
    seconds: int('BENCH_SECONDS', 6),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 2, 0),
    connections: int('BENCH_CONNECTIONS', 32),
    backlog: int('BENCH_BACKLOG', 50_000),
    ingestSeconds: int('BENCH_INGEST_SECONDS', 25),
    drainSeconds: int('BENCH_DRAIN_SECONDS', 25),
    batchSize: Math.min(int('BENCH_BATCH_SIZE', 1000), 1000),
    batchWriters: int('BENCH_BATCH_WRITERS', 4),
    subjects: int('BENCH_SUBJECTS', 1000),
    rawWindow: int('BENCH_RAW_WINDOW', 1000),
    deadlineSeconds: int('BENCH_DEADLINE_SECONDS', 480),
    amqpUrl: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
    postgresAdminUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
}
