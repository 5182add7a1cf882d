import { Client, Pool, type ClientConfig, type PoolConfig } from 'pg';

/**
 * Per-connection settings of the PostgreSQL store: server-side timeouts, TCP keepalive on both
 * ends, and a client-side query limit. They bound how long a dead peer, a stuck lock or an
 * abandoned transaction can hold anything up. Values in the units their names say; 0 turns a
 * timeout off.
 */
export interface PostgresSessionOptions {
  /** `statement_timeout`. @default 30000 */
  readonly statementTimeoutMs: number;
  /** `lock_timeout`. @default 10000 */
  readonly lockTimeoutMs: number;
  /** `idle_in_transaction_session_timeout`. @default 15000 */
  readonly idleInTransactionTimeoutMs: number;
  /** pg's client-side `query_timeout`; keep it above the statement timeout. @default 35000 */
  readonly queryTimeoutMs: number;
  /** `tcp_keepalives_idle` on the server and the client's keepalive delay. @default 30 */
  readonly keepAliveIdleS: number;
  /** `tcp_keepalives_interval`. @default 10 */
  readonly keepAliveIntervalS: number;
  /** `tcp_keepalives_count`. @default 3 */
  readonly keepAliveCount: number;
  /** `tcp_user_timeout`. @default 30000 */
  readonly tcpUserTimeoutMs: number;
}

/** The defaults of {@link PostgresSessionOptions}, the same as the environment's. */
export const DEFAULT_POSTGRES_SESSION: PostgresSessionOptions = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 10_000,
  idleInTransactionTimeoutMs: 15_000,
  queryTimeoutMs: 35_000,
  keepAliveIdleS: 30,
  keepAliveIntervalS: 10,
  keepAliveCount: 3,
  tcpUserTimeoutMs: 30_000,
};

/** The `-c name=value` startup options, after any the connection string already carries. */
function startupOptions(connectionString: string, session: PostgresSessionOptions): string {
  const settings: Record<string, number> = {
    statement_timeout: session.statementTimeoutMs,
    lock_timeout: session.lockTimeoutMs,
    idle_in_transaction_session_timeout: session.idleInTransactionTimeoutMs,
    tcp_keepalives_idle: session.keepAliveIdleS,
    tcp_keepalives_interval: session.keepAliveIntervalS,
    tcp_keepalives_count: session.keepAliveCount,
    tcp_user_timeout: session.tcpUserTimeoutMs,
  };
  const ours = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`);
  // An explicit `options` replaces the URL's, so carry the operator's own settings over.
  const fromUrl = new URL(connectionString).searchParams.get('options');
  return [fromUrl, ...ours].filter((part) => part !== null && part !== '').join(' ');
}

/** What every connection of the store, pooled or not, is opened with. */
export function clientConfig(connectionString: string, session: PostgresSessionOptions): ClientConfig {
  return {
    connectionString,
    options: startupOptions(connectionString, session),
    keepAlive: true,
    keepAliveInitialDelayMillis: session.keepAliveIdleS * 1000,
    query_timeout: session.queryTimeoutMs === 0 ? undefined : session.queryTimeoutMs,
    application_name: 'herald',
    connectionTimeoutMillis: 5_000,
  };
}

/**
 * A client that closes its connection when a query hits the client-side `query_timeout`. The
 * server may still be running that query: handed back to the pool, the connection would make the
 * next query wait behind it and time out too. Closed, the pool replaces it.
 */
class SessionClient extends Client {
  constructor(config?: ClientConfig) {
    super(config);
    const query = this.query.bind(this) as (...args: unknown[]) => unknown;
    this.query = ((...args: unknown[]) => {
      const result = query(...args);
      if (result instanceof Promise) {
        result.catch((error: unknown) => {
          if ((error as Error)?.message === 'Query read timeout') void this.end().catch(() => undefined);
        });
      }
      return result;
    }) as Client['query'];
  }
}

/** The pool of the store's connections. */
function poolConfig(connectionString: string, session: PostgresSessionOptions): PoolConfig {
  return {
    ...clientConfig(connectionString, session),
    max: 10,
    Client: SessionClient,
  };
}

/**
 * Opens the store's pool. `ownBackends` holds the server process ids of its connections, so
 * that a notification of this process's own append can be told from another process's.
 */
export function createStorePool(
  connectionString: string,
  session: PostgresSessionOptions,
): { pool: Pool; ownBackends: ReadonlySet<number> } {
  const pool = new Pool(poolConfig(connectionString, session));
  const ownBackends = new Set<number>();
  const backendOf = (client: unknown) => (client as { processID?: number }).processID;
  // A client that loses its connection must not crash the process, idle in the pool or checked
  // out between two statements: its next query fails, and the pool drops it when it comes back.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    const backend = backendOf(client);
    if (backend !== undefined) ownBackends.add(backend);
  });
  pool.on('remove', (client) => {
    const backend = backendOf(client);
    if (backend !== undefined) ownBackends.delete(backend);
  });
  return { pool, ownBackends };
}
