import { connect, type ChannelModel, type Options } from 'amqplib';
import { Client } from 'pg';
import { EVENT_STORE, type EventStore } from '../../src/event-store';
import { startApp, type RunningApp } from '../support/app.fixture';
import { AMQP_URL } from '../support/broker';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';
import { eventually } from '../support/poll';

const order = (orderId: string) => ({ orderId, userId: 'u-1', items: [{ productId: 'p-1', quantity: 1 }] });

describe('legacy ingress: the limits, and requeues that wait', () => {
  let database: TestDatabase;
  let herald: RunningApp;
  let producer: ChannelModel;

  const send = async (body: unknown, properties: Options.Publish = {}) => {
    const channel = await producer.createChannel();
    const queue = `${herald.namespace}.order_events`;
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from(JSON.stringify(body)), properties);
    await channel.close();
  };
  const deadLetters = async () => {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ reason: string; error_kind: string; event: string }>(
        `select reason, error_kind, event from dead_letters where handler = 'legacy-order-ingress' order by archived_at`,
      );
      return rows;
    } finally {
      await client.end();
    }
  };
  const streamVersion = async (orderId: string) =>
    (await request(herald.url, 'GET', `/streams/${encodeURIComponent(`order-${orderId}`)}`)).body.version;

  beforeAll(async () => {
    database = await createPostgresDatabase('legacy_limits');
    herald = await startApp({ suite: 'legacy-limits', env: { DATABASE_URL: database.url } });
    producer = await connect(AMQP_URL);
  });
  afterAll(async () => {
    await producer.close();
    await herald.close();
    await database.drop();
  });

  it('dead-letters an orderId whose stream name is over the subject limit; the next order flows', async () => {
    const long = '€'.repeat(84);
    await send(order(long));
    await send(order('after-long'));
    await eventually(async () => ((await streamVersion('after-long')) === 1 ? true : undefined), {
      what: 'the order after the poison one',
    });
    const letters = await eventually(async () => {
      const rows = await deadLetters();
      return rows.length >= 1 ? rows : undefined;
    });
    expect(letters[0]).toMatchObject({ error_kind: 'poison' });
    expect(letters[0].reason).toBe(
      'subject (order-<orderId>) must not be longer than 255 bytes in UTF-8 (got 258)',
    );
    expect(await streamVersion(long)).toBe(0);
  });

  it('dead-letters a correlationId property with U+0000; takes one of 255 bytes', async () => {
    // AMQP itself carries no more than 255 bytes, but a NUL byte fits.
    await send(order('corr-nul'), { correlationId: 'c\u0000d' });
    const fits = `${'😀'.repeat(63)}abc`;
    await send(order('corr-fits'), { correlationId: fits });
    await eventually(async () => ((await streamVersion('corr-fits')) === 1 ? true : undefined));
    const letters = await eventually(async () => {
      const rows = await deadLetters();
      return rows.length >= 2 ? rows : undefined;
    });
    expect(letters[1].reason).toBe('/properties/correlationId must not contain U+0000');
    expect(await streamVersion('corr-nul')).toBe(0);
    const stream = await request(herald.url, 'GET', '/streams/order-corr-fits');
    expect(stream.body.events[0].correlationid).toBe(fits);
  });

  it('archives poison whose messageId the store cannot hold exactly once; the next order flows', async () => {
    const before = (await deadLetters()).length;
    // A NUL byte fits an AMQP short string but not a PostgreSQL text column.
    await send({ not: 'an order' }, { messageId: 'm\u0000id' });
    await send(order('after-bad-id'));
    await eventually(async () => ((await streamVersion('after-bad-id')) === 1 ? true : undefined), {
      what: 'the order after the poison one',
    });
    const letters = await eventually(async () => {
      const rows = await deadLetters();
      return rows.length > before ? rows : undefined;
    });
    expect(letters).toHaveLength(before + 1);
    expect(letters.at(-1)).toMatchObject({ error_kind: 'poison' });
  });

  it('requeues after a growing pause while the store is unavailable, never in a hot loop', async () => {
    const store: EventStore = herald.app.get(EVENT_STORE);
    const attempts: number[] = [];
    const append = store.append.bind(store);
    jest.spyOn(store, 'append').mockImplementation((...args) => {
      attempts.push(Date.now());
      return append(...args);
    });
    await database.drop();
    await send(order('during-outage'));
    await eventually(() => (attempts.length >= 4 ? true : undefined), {
      what: 'four attempts',
      timeoutMs: 20_000,
    });
    const gaps = attempts.slice(1, 4).map((at, i) => at - attempts[i]);
    // 250, 500, 1000 ms: a requeue at once would make these a few milliseconds.
    expect(gaps[0]).toBeGreaterThanOrEqual(200);
    expect(gaps[1]).toBeGreaterThanOrEqual(400);
    expect(gaps[2]).toBeGreaterThanOrEqual(800);
  });
});
