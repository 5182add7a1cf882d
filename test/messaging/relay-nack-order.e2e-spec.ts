import { connect, type ChannelModel } from 'amqplib';
import { ANY, EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store';
import { startApp, type RunningApp } from '../support/app.fixture';
import { AMQP_URL } from '../support/broker';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';
import { EventTap } from '../support/event-tap';
import { eventually } from '../support/poll';

const STREAMS = 4;
let closing = false;
const EVENTS = 200;

/**
 * A queue of five that refuses what does not fit (`reject-publish`: the broker nacks the publish),
 * drained by a consumer that takes its time: the relay meets nacks all along.
 */
async function boundedSlowConsumer(connection: ChannelModel, namespace: string, arrivals: string[]) {
  const channel = await connection.createChannel();
  const queue = `${namespace}.bounded`;
  await channel.assertQueue(queue, {
    durable: false,
    arguments: { 'x-max-length': 5, 'x-overflow': 'reject-publish' },
  });
  // Declared as Herald declares it: the app may not have connected yet.
  await channel.assertExchange(`${namespace}.events`, 'topic', {
    durable: true,
    alternateExchange: `${namespace}.unrouted`,
  });
  await channel.bindQueue(queue, `${namespace}.events`, '#');
  await channel.prefetch(1);
  await channel.consume(queue, (message) => {
    if (message === null) return;
    arrivals.push(String(message.properties.messageId));
    setTimeout(() => {
      // The suite may be closing the connection by now: an ack then would throw in a timer.
      if (!closing) channel.ack(message);
    }, 3);
  });
}

describe.each([
  ['SQLite', undefined],
  ['PostgreSQL', 'postgres'],
])('relay under nacks (%s)', (_name, dialect) => {
  let database: TestDatabase | undefined;
  let herald: RunningApp;
  let connection: ChannelModel;
  let tap: EventTap;
  const arrivals: string[] = [];

  beforeAll(async () => {
    database = dialect === 'postgres' ? await createPostgresDatabase('nack') : undefined;
    herald = await startApp({
      suite: 'relay-nack',
      env: { ...(database && { DATABASE_URL: database.url }), RELAY_LEASE_MS: '500' },
    });
    closing = false;
    connection = await connect(AMQP_URL);
    await boundedSlowConsumer(connection, herald.namespace, arrivals);
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    closing = true;
    await connection.close();
    await tap.close();
    await herald.close();
    await database?.drop();
  });

  it('delivers every event, and each stream first in stream order', async () => {
    const store = herald.app.get<EventStore>(EVENT_STORE);
    const appended: StoredEvent[] = [];
    for (let i = 0; i < EVENTS; i += STREAMS) {
      // One append per round of streams, so that the relay finds the streams interleaved.
      const { events } = await store.append(
        Array.from({ length: STREAMS }, (_, s) => ({
          subject: `nack-${s}`,
          events: [newEvent({ type: 'relay.tested', data: { i: i + s } })],
          expectedVersion: ANY,
        })),
      );
      appended.push(...events);
    }

    await eventually(() => (new Set(arrivals).size >= EVENTS ? true : undefined), {
      what: `${EVENTS} events through the bounded queue`,
      timeoutMs: 60_000,
    });
    const firstArrival = new Map<string, number>();
    arrivals.forEach((id, index) => firstArrival.has(id) || firstArrival.set(id, index));
    for (let s = 0; s < STREAMS; s++) {
      const stream = appended.filter((event) => event.subject === `nack-${s}`);
      const byArrival = [...stream].sort((a, b) => firstArrival.get(a.id)! - firstArrival.get(b.id)!);
      expect(byArrival.map((event) => event.streamVersion)).toEqual(
        stream.map((event) => event.streamVersion),
      );
    }
    // The bounded queue did refuse publishes (otherwise this proves nothing): a nacked publish still
    // reaches every other queue, so the unbounded tap saw the retried events more than once.
    expect(tap.messages.length).toBeGreaterThan(EVENTS);
  });
});
