import { KyselyEventStore, openDialect } from '../../src/event-store';
import { parseDatabaseUrl } from '../../src/config';
import { createSqliteDatabase, type TestDatabase } from '../support/databases';
import { eventStoreContract } from './event-store.contract';

let database: TestDatabase;

eventStoreContract({
  name: 'SQLite',
  open: async () => {
    database = createSqliteDatabase();
    const store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await store.migrate();
    return store;
  },
  teardown: () => database.drop(),
});
