import { sql } from 'kysely';
import { InvalidConfigurationError } from '../../src/config';
import { EVENT_STORE, StoreUnavailableError } from '../../src/event-store';
import type { DialectStrategy } from '../../src/event-store/kysely/dialect';
import { toStoreError } from '../../src/event-store/kysely/store-errors';
import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';

describe('PostgreSQL session settings', () => {
  let database: TestDatabase;
  let herald: RunningApp;
  let strategy: DialectStrategy;

  beforeAll(async () => {
    database = await createPostgresDatabase('session');
    herald = await startApp({
      suite: 'session',
      env: {
        DATABASE_URL: database.url,
        PG_STATEMENT_TIMEOUT_MS: '12345',
        PG_LOCK_TIMEOUT_MS: '2345',
        PG_IDLE_IN_TRANSACTION_TIMEOUT_MS: '34567',
        PG_QUERY_TIMEOUT_MS: '400',
        PG_TCP_KEEPALIVE_IDLE_S: '17',
        PG_TCP_KEEPALIVE_INTERVAL_S: '4',
        PG_TCP_KEEPALIVE_COUNT: '5',
        PG_TCP_USER_TIMEOUT_MS: '23000',
      },
    });
    // The store's own pool, as the application wired it.
    strategy = herald.app.get<{ strategy: DialectStrategy }>(EVENT_STORE).strategy;
  });
  afterAll(async () => {
    await herald.close();
    await database.drop();
  });

  const show = async (name: string) =>
    (await sql<Record<string, string>>`show ${sql.raw(name)}`.execute(strategy.db)).rows[0][name];

  it('gives every pooled session the configured timeouts and keepalive', async () => {
    expect(await show('statement_timeout')).toBe('12345ms');
    expect(await show('lock_timeout')).toBe('2345ms');
    expect(await show('idle_in_transaction_session_timeout')).toBe('34567ms');
    expect(await show('tcp_keepalives_idle')).toBe('17');
    expect(await show('tcp_keepalives_interval')).toBe('4');
    expect(await show('tcp_keepalives_count')).toBe('5');
    expect(await show('tcp_user_timeout')).toBe('23000');
  });

  it('gives up on a query the server does not answer within the client-side query timeout', async () => {
    const error = await sql`select pg_sleep(3)`.execute(strategy.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(toStoreError(error)).toBeInstanceOf(StoreUnavailableError);
    expect((await sql<{ one: number }>`select 1 as one`.execute(strategy.db)).rows[0].one).toBe(1);
  });

  it.each([
    ['PG_STATEMENT_TIMEOUT_MS', '-1'],
    ['PG_LOCK_TIMEOUT_MS', '5s'],
    ['PG_TCP_KEEPALIVE_COUNT', '0'],
  ])('refuses to boot with %s=%s, naming the key', async (key, value) => {
    const boot = startApp({ suite: 'session', env: { DATABASE_URL: database.url, [key]: value } });
    await expect(boot).rejects.toBeInstanceOf(InvalidConfigurationError);
    await expect(boot).rejects.toThrow(new RegExp(key));
  });
});
