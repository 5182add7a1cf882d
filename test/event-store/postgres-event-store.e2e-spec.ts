import { KyselyEventStore, openDialect } from '../../src/event-store';
import { parseDatabaseUrl } from '../../src/config';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { eventStoreContract } from './event-store.contract';

let database: TestDatabase;

eventStoreContract({
  name: 'PostgreSQL',
  open: async () => {
    database = await createPostgresDatabase('contract');
    const store = new KyselyEventStore(openDialect(parseDatabaseUrl(database.url)));
    await store.migrate();
    return store;
  },
  teardown: () => database.drop(),
});
