import { Client } from 'pg';
import { parseDatabaseUrl } from '../../src/config';
import { ANY, KyselyEventStore, openDialect } from '../../src/event-store';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';

describe('the global order on PostgreSQL across a change in the number of digits of tx', () => {
  let database: TestDatabase;
  let store: KyselyEventStore;

  beforeAll(async () => {
    database = await createPostgresDatabase('tx_order');
    store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await store.migrate();
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('sorts tx as a number, not as text', async () => {
    const first = newEvent();
    const second = newEvent();
    await store.append([{ subject: 'a', events: [first], expectedVersion: ANY }]);
    await store.append([{ subject: 'b', events: [second], expectedVersion: ANY }]);
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      // 9 then 10: as text, '10' would sort first.
      await admin.query(`update events set tx = case when id = $1 then '9'::xid8 else '10'::xid8 end`, [
        first.id,
      ]);
    } finally {
      await admin.end();
    }
    const page = await store.readAll();
    expect(page.events.map((event) => event.id)).toEqual([first.id, second.id]);
    const rest = await store.readAll({ after: page.events[0].cursor });
    expect(rest.events.map((event) => event.id)).toEqual([second.id]);
    expect(await store.outboxBacklog('tx-order')).toMatchObject({ pending: 2 });
  });
});
