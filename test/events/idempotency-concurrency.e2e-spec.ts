import { v7 as uuidv7 } from 'uuid';
import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';

const PAIRS = 20;

const reservation = (orderId: string) => ({
  type: 'inventory.reserved',
  data: { orderId, lines: [{ productId: 'p-1', quantity: 1 }] },
});

/**
 * A CloudEvent as a producer retries it: no time or correlation id, so Herald fills them anew each
 * time; it starts its stream, so a second append that is not recognised as a retry would be a 409.
 */
const cloudEvent = (id: string, orderId = id) => ({
  specversion: '1.0',
  id,
  source: '/shop/stock',
  dataversion: 1,
  expectedversion: 0,
  ...reservation(orderId),
});

const stores: Array<[string, () => Promise<TestDatabase | undefined>]> = [
  ['SQLite', () => Promise.resolve(undefined)],
  ['PostgreSQL', () => createPostgresDatabase('idempotency_concurrency')],
];

describe.each(stores)('the same request in flight twice, on %s', (_name, createDatabase) => {
  let database: TestDatabase | undefined;
  let herald: RunningApp;

  beforeAll(async () => {
    database = await createDatabase();
    herald = await startApp({
      suite: 'idem-race',
      env: database === undefined ? {} : { DATABASE_URL: database.url },
    });
  });
  afterAll(async () => {
    await herald.close();
    await database?.drop();
  });

  const postCloudEvent = (body: unknown) =>
    request(herald.url, 'POST', '/events', {
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/cloudevents+json' },
    });

  it('answers 20 concurrent pairs with the same Idempotency-Key with two identical 202s each', async () => {
    const keys = Array.from({ length: PAIRS }, () => `race-${uuidv7()}`);
    const responses = await Promise.all(
      keys.flatMap((key) =>
        [0, 1].map(() =>
          request(herald.url, 'POST', '/events', {
            // A new stream each: had the second append run again, it would conflict (409).
            json: { ...reservation(key), subject: key, expectedVersion: 0 },
            headers: { 'idempotency-key': key },
          }),
        ),
      ),
    );
    for (let pair = 0; pair < PAIRS; pair++) {
      const [first, second] = responses.slice(pair * 2, pair * 2 + 2);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(second.body).toEqual(first.body);
    }
    const versions = await Promise.all(
      keys.map((key) => request(herald.url, 'GET', `/streams/${key}`).then((res) => res.body.version)),
    );
    expect(versions).toEqual(keys.map(() => 1));
  });

  it('answers 20 concurrent pairs of the same CloudEvent with two identical 202s each', async () => {
    const ids = Array.from({ length: PAIRS }, () => uuidv7());
    const responses = await Promise.all(
      ids.flatMap((id) => [0, 1].map(() => postCloudEvent(cloudEvent(id)))),
    );
    for (let pair = 0; pair < PAIRS; pair++) {
      const [first, second] = responses.slice(pair * 2, pair * 2 + 2);
      expect([first.status, second.status]).toEqual([202, 202]);
      expect(second.body).toEqual(first.body);
      expect(first.body).toMatchObject({ id: ids[pair], streamVersion: 1 });
    }
  });

  it('answers 409 to a CloudEvent whose id is stored with other data, in flight or later', async () => {
    const id = uuidv7();
    const [first, second] = await Promise.all([
      postCloudEvent(cloudEvent(id, 'order-a')),
      postCloudEvent(cloudEvent(id, 'order-b')),
    ]);
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    const later = await postCloudEvent(cloudEvent(id, 'order-c'));
    expect(later.status).toBe(409);
    const stored = await request(herald.url, 'GET', `/events/${id}?raw=true`);
    const winner = first.status === 202 ? 'order-a' : 'order-b';
    expect(stored.body.data.orderId).toBe(winner);
  });
});
