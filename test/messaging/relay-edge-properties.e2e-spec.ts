import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { request } from '../support/http';
import { eventually } from '../support/poll';

const order = { orderId: 'o-edge', userId: 'user-7', items: [{ productId: 'p-1', quantity: 1 }] };

const cloudEvent = (id: string, extra: Record<string, unknown>) => ({
  specversion: '1.0',
  id,
  source: '/shop/checkout',
  type: 'order.created',
  dataversion: 1,
  subject: `edge-${id}`,
  data: order,
  ...extra,
});

/** Events whose attributes AMQP properties cannot carry as they are. */
const EDGE_CASES: Array<[string, Record<string, unknown>]> = [
  ['edge-correlation', { correlationid: 'c'.repeat(512) }],
  ['edge-1969', { time: '1969-07-20T20:17:00Z' }],
  ['edge-leap-second', { time: '2016-12-31T23:59:60Z' }],
];

describe.each([
  ['SQLite', undefined],
  ['PostgreSQL', 'postgres'],
])('relay: attributes AMQP cannot carry as properties (%s)', (_name, dialect) => {
  let database: TestDatabase | undefined;
  let herald: RunningApp;
  let tap: EventTap;
  const post = (body: unknown) =>
    request(herald.url, 'POST', '/events', {
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    database = dialect === 'postgres' ? await createPostgresDatabase('edge') : undefined;
    herald = await startApp({
      suite: 'relay-edge',
      env: { ...(database && { DATABASE_URL: database.url }), RELAY_LEASE_MS: '500' },
    });
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    await tap.close();
    await herald.close();
    await database?.drop();
  });

  it('refuses each with 400 or publishes it intact exactly once, and the ten events after flow once each', async () => {
    const accepted: Array<[string, Record<string, unknown>]> = [];
    for (const [id, extra] of EDGE_CASES) {
      const res = await post(cloudEvent(id, extra));
      expect([202, 400]).toContain(res.status);
      if (res.status === 202) accepted.push([id, extra]);
    }
    const after = Array.from({ length: 10 }, (_, i) => `edge-after-${i}`);
    for (const id of after) expect((await post(cloudEvent(id, {}))).status).toBe(202);

    await eventually(
      () => (after.every((id) => tap.messages.some((m) => m.properties.messageId === id)) ? true : undefined),
      {
        what: 'the ten events after the edge cases',
      },
    );
    await eventually(async () => {
      const health = (await (await fetch(`${herald.url}/health`)).json()) as Record<string, any>;
      return health.details.outbox.pending === 0 ? true : undefined;
    });
    const ids = tap.messages.map((m) => String(m.properties.messageId));
    expect(ids.sort()).toEqual([...accepted.map(([id]) => id), ...after].sort());
    for (const [id, extra] of accepted) {
      const message = tap.messages.find((m) => m.properties.messageId === id)!;
      expect(JSON.parse(message.content.toString())).toMatchObject({ id, ...extra });
      // A time AMQP cannot carry leaves the timestamp out rather than sending a wrong one.
      if (extra.time !== undefined) expect(message.properties.timestamp).toBeUndefined();
    }
  });
});
