import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, openDialect } from '../../src/event-store';
import { createSqliteDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';

describe('durability of an append on SQLite', () => {
  let database: TestDatabase;

  beforeAll(() => {
    database = createSqliteDatabase();
  });
  afterAll(() => database.drop());

  it('syncs every commit to disk in WAL mode before the append resolves', async () => {
    const dialect = openDialect(parseDatabaseUrl(database.url));
    const store = new KyselyEventStore(dialect);
    try {
      await store.migrate();
      if (dialect.driver.dialect !== 'sqlite') throw new Error('expected SQLite');
      const { database: handle } = dialect.driver;
      // 2 is FULL: NORMAL (1) in WAL mode can lose the last commits on power loss after their 202.
      expect(handle.pragma('synchronous', { simple: true })).toBe(2);
      expect(handle.pragma('journal_mode', { simple: true })).toBe('wal');
      const { events } = await store.append([
        { subject: 'durable', events: [newEvent()], expectedVersion: ANY },
      ]);
      // The group's transaction is over by the time its append resolves.
      expect(handle.inTransaction).toBe(false);
      expect(await store.streamVersion('durable')).toBe(events[0].streamVersion);
    } finally {
      await store.close();
    }
  });
});
