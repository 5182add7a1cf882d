import { Client } from 'pg';
import { startApp, type RunningApp } from '../support/app.fixture';
import { deleteNamespace } from '../support/broker';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { request } from '../support/http';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';

/** Well under the relay's poll interval below: only a notification can be this fast. */
const WAKE_WITHIN_MS = 5_000;

describe('appends in an api-only process wake the worker (PostgreSQL LISTEN/NOTIFY)', () => {
  const namespace = uniqueNamespace('notify');
  let database: TestDatabase;
  let api: RunningApp;
  let worker: RunningApp;
  let tap: EventTap;

  beforeAll(async () => {
    database = await createPostgresDatabase('notify');
    // A short lease: a new leader waits one lease before its first publish (see the relay).
    const env = {
      DATABASE_URL: database.url,
      HERALD_NAMESPACE: namespace,
      RELAY_POLL_MS: '60000',
      RELAY_LEASE_MS: '1000',
    };
    worker = await startApp({ suite: 'notify', env: { ...env, HERALD_ROLES: 'worker' } });
    api = await startApp({ suite: 'notify', env: { ...env, HERALD_ROLES: 'api' } });
    tap = await EventTap.open(namespace);
  });
  afterAll(async () => {
    await tap.close();
    await api.app.close();
    await worker.app.close();
    await deleteNamespace(namespace);
    await database.drop();
  });

  const publishAndAwait = async (orderId: string) => {
    const res = await request(api.url, 'POST', '/events', {
      json: { type: 'inventory.reserved', data: { orderId, lines: [{ productId: 'p', quantity: 1 }] } },
    });
    expect(res.status).toBe(202);
    await eventually(
      () => (tap.messages.some((message) => message.properties.messageId === res.body.id) ? true : undefined),
      { what: `event ${orderId} on the broker`, timeoutMs: WAKE_WITHIN_MS },
    );
  };

  it('publishes a POST to the api-only process within seconds', async () => {
    // Past the worker's first round, so that what follows waits for a wake-up.
    await eventually(async () => {
      const res = await request(worker.url, 'GET', '/health');
      return res.body?.info?.outbox?.status === 'up' ? true : undefined;
    });
    await publishAndAwait('o-1');
  });

  it('listens again after its LISTEN connection is killed', async () => {
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query ilike 'listen %'`,
      );
      expect(rowCount).toBeGreaterThan(0);
      await eventually(
        async () => {
          const { rows } = await admin.query(
            `select 1 from pg_stat_activity where datname = current_database() and query ilike 'listen %'`,
          );
          return rows.length > 0 ? true : undefined;
        },
        { what: 'the LISTEN connection to come back' },
      );
    } finally {
      await admin.end();
    }
    await publishAndAwait('o-2');
  });
});
