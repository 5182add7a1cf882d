import { registerAs } from '@nestjs/config';
import { loadEnvironment } from '../environment';

/** Where the event store lives. */
export type StoreLocation =
  | { readonly dialect: 'postgres'; readonly connectionString: string }
  | { readonly dialect: 'sqlite'; readonly filename: string };

/** Turns `DATABASE_URL` into a store location; unset means the embedded SQLite default. */
export function parseDatabaseUrl(url: string | undefined): StoreLocation {
  if (url === undefined) return { dialect: 'sqlite', filename: './data/herald.db' };
  if (url.startsWith('sqlite:')) return { dialect: 'sqlite', filename: url.slice('sqlite:'.length) };
  return { dialect: 'postgres', connectionString: url };
}

/** Event store settings. */
export const storeConfig = registerAs('store', () => {
  const env = loadEnvironment();
  return {
    location: parseDatabaseUrl(env.DATABASE_URL),
    relayPollMs: env.RELAY_POLL_MS,
    relayBatchSize: env.RELAY_BATCH_SIZE,
    outboxMaxAgeMs: env.OUTBOX_MAX_AGE_MS,
    postgres: {
      statementTimeoutMs: env.PG_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.PG_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.PG_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      queryTimeoutMs: env.PG_QUERY_TIMEOUT_MS,
      keepAliveIdleS: env.PG_TCP_KEEPALIVE_IDLE_S,
      keepAliveIntervalS: env.PG_TCP_KEEPALIVE_INTERVAL_S,
      keepAliveCount: env.PG_TCP_KEEPALIVE_COUNT,
      tcpUserTimeoutMs: env.PG_TCP_USER_TIMEOUT_MS,
    },
    relayLeaseMs: env.RELAY_LEASE_MS,
    relayWindow: env.RELAY_WINDOW,
  };
});
