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
    relayLeaseMs: env.RELAY_LEASE_MS,
    relayWindow: env.RELAY_WINDOW,
  };
});
