import Database from 'better-sqlite3';
import { connect, type ChannelModel } from 'amqplib';
import { startApp, type RunningApp } from '../support/app.fixture';
import { AMQP_URL } from '../support/broker';
import { createSqliteDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { eventually } from '../support/poll';

describe('legacy order_events ingress', () => {
  let database: TestDatabase;
  let herald: RunningApp;
  let tap: EventTap;
  let producer: ChannelModel;
  let queue: string;

  /** Exactly what the seed producer does: a bare JSON body on the durable queue. */
  const sendLikeTheSeed = async (body: string) => {
    const channel = await producer.createChannel();
    await channel.assertQueue(queue, { durable: true });
    channel.sendToQueue(queue, Buffer.from(body));
    await channel.close();
  };

  const deadLetters = () => {
    const db = new Database(database.url.slice('sqlite:'.length), { readonly: true });
    try {
      return db
        .prepare('select handler, reason, error_kind, event from dead_letters order by archived_at')
        .all() as Array<{
        handler: string;
        reason: string;
        error_kind: string;
        event: string;
      }>;
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    database = createSqliteDatabase();
    herald = await startApp({ suite: 'legacy', env: { DATABASE_URL: database.url } });
    queue = `${herald.namespace}.order_events`;
    tap = await EventTap.open(herald.namespace);
    producer = await connect(AMQP_URL);
  });
  afterAll(async () => {
    await producer.close();
    await tap.close();
    await herald.close();
    await database.drop();
  });

  it('wraps a bare v1 order in the envelope and publishes it to {ns}.events', async () => {
    const order = { orderId: 'legacy-1', userId: 'user-1', items: [{ productId: 'p-1', quantity: 2 }] };
    await sendLikeTheSeed(JSON.stringify(order));
    const message = await eventually(
      () => tap.messages.find((m) => m.fields.routingKey === 'order.created'),
      {
        what: 'the legacy order on the exchange',
      },
    );
    expect(JSON.parse(message.content.toString())).toMatchObject({
      specversion: '1.0',
      type: 'order.created',
      dataversion: 1,
      subject: 'order-legacy-1',
      source: '/legacy/order_events',
      data: order,
    });
  });

  it('dead-letters what can never be an order, with the reason, and acknowledges it', async () => {
    await sendLikeTheSeed(JSON.stringify({ orderId: 'legacy-2', items: 'none' }));
    await sendLikeTheSeed('{ not json');
    const letters = await eventually(() => (deadLetters().length >= 2 ? deadLetters() : undefined), {
      what: 'two dead letters',
    });
    expect(letters.map((l) => [l.handler, l.error_kind])).toEqual([
      ['legacy-order-ingress', 'poison'],
      ['legacy-order-ingress', 'poison'],
    ]);
    expect(letters[0].reason).toContain('/data/userId is required');
    expect(letters[0].reason).toContain('/data/items must be array');
    expect(letters[1].reason).toContain('must be a JSON object');
    expect(JSON.parse(letters[1].event)).toBe('{ not json');

    // Acknowledged, not requeued for ever: the queue drains.
    const channel = await producer.createChannel();
    const { messageCount } = await eventually(async () => {
      const state = await channel.checkQueue(queue);
      return state.messageCount === 0 ? state : undefined;
    });
    expect(messageCount).toBe(0);
    await channel.close();
    expect(tap.messages.filter((m) => m.fields.routingKey === 'order.created')).toHaveLength(1);
  });

  it('ingests a redelivered order once', async () => {
    const order = JSON.stringify({ orderId: 'legacy-3', userId: 'u', items: [] });
    await sendLikeTheSeed(order);
    await sendLikeTheSeed(order);
    await eventually(() =>
      tap.messages.some((m) => JSON.parse(m.content.toString()).subject === 'order-legacy-3')
        ? true
        : undefined,
    );
    const channel = await producer.createChannel();
    await eventually(async () => ((await channel.checkQueue(queue)).messageCount === 0 ? true : undefined));
    await channel.close();
    const copies = tap.messages.filter((m) => JSON.parse(m.content.toString()).subject === 'order-legacy-3');
    expect(copies).toHaveLength(1);
  });
});
