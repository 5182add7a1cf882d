import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, openDialect } from '../../src/event-store';
import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';
import { eventually } from '../support/poll';

/** Long enough that the live key outlives the sweeps even on a loaded machine. */
const TTL_MS = 2_000;

const stores: Array<[string, () => Promise<TestDatabase>]> = [
  ['SQLite', () => Promise.resolve(createSqliteDatabase())],
  ['PostgreSQL', () => createPostgresDatabase('idempotency_sweep')],
];

describe.each(stores)('sweeping expired idempotency keys on %s', (_name, createDatabase) => {
  let database: TestDatabase;
  let dialect: ReturnType<typeof openDialect>;
  let store: KyselyEventStore;

  beforeAll(async () => {
    database = await createDatabase();
    dialect = openDialect(parseDatabaseUrl(database.url));
    store = new KyselyEventStore(dialect, { keySweep: { intervalMs: 10, batch: 3 } });
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  const append = (key?: string) =>
    store.append([{ subject: 'sweep', events: [newEvent()], expectedVersion: ANY }], {
      idempotency:
        key === undefined ? undefined : { key, requestHash: 'h', ttlMs: TTL_MS, render: () => ({ key }) },
    });
  const storedKeys = async () =>
    (await dialect.db.selectFrom('idempotency_keys').select('key').orderBy('key').execute()).map(
      (r) => r.key,
    );

  it('deletes expired keys in bounded batches as appends go on, and keeps live ones', async () => {
    const expired = Array.from({ length: 10 }, (_, i) => `old-${String(i).padStart(2, '0')}`);
    for (const key of expired) await append(key);
    expect(await storedKeys()).toEqual(expired);
    const recordedAt = Date.now();
    await eventually(() => (Date.now() > recordedAt + TTL_MS ? true : undefined), { what: 'keys to expire' });

    await append('live');
    // Each sweep deletes at most 3 keys: one append cannot have swept all 10.
    expect((await storedKeys()).length).toBeGreaterThan(1);
    await eventually(
      async () => {
        await append();
        const keys = await storedKeys();
        return keys.length === 1 ? keys : undefined;
      },
      { what: 'expired keys to be swept' },
    );
    expect(await storedKeys()).toEqual(['live']);
  });
});
