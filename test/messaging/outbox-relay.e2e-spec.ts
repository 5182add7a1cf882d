import { ANY, EVENT_STORE, type EventStore, type StoredEvent } from '../../src/event-store';
import { startApp, type RunningApp } from '../support/app.fixture';
import { newEvent } from '../support/events';
import { EventTap } from '../support/event-tap';
import { eventually } from '../support/poll';
import { TcpProxy } from '../support/tcp-proxy';

const health = async (herald: RunningApp) =>
  (await (await fetch(`${herald.url}/health`)).json()) as Record<string, any>;

async function appendSeries(store: EventStore, subject: string, count: number): Promise<StoredEvent[]> {
  const stored: StoredEvent[] = [];
  for (let i = 0; i < count; i++) {
    const { events } = await store.append([
      { subject, events: [newEvent({ type: 'relay.tested', data: { i } })], expectedVersion: ANY },
    ]);
    stored.push(...events);
  }
  return stored;
}

describe('outbox relay', () => {
  describe('with the broker up', () => {
    let herald: RunningApp;
    let tap: EventTap;

    beforeAll(async () => {
      herald = await startApp({ suite: 'relay' });
      tap = await EventTap.open(herald.namespace);
    });
    afterAll(async () => {
      await tap.close();
      await herald.close();
    });

    it('publishes an appended event once, with the envelope and AMQP properties of API.md §1', async () => {
      const store = herald.app.get<EventStore>(EVENT_STORE);
      const event = newEvent({
        type: 'order.created',
        dataversion: 2,
        correlationId: 'corr-relay-1',
        causationId: 'req-1',
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        data: { orderId: 'o-1' },
      });
      const { events } = await store.append([{ subject: 'order-1', events: [event], expectedVersion: ANY }]);
      const message = await eventually(() => tap.messages.find((m) => m.properties.messageId === event.id), {
        what: 'the event on {ns}.events',
      });
      expect(message.fields.routingKey).toBe('order.created');
      expect(message.properties).toMatchObject({
        messageId: event.id,
        type: 'order.created',
        correlationId: 'corr-relay-1',
        contentType: 'application/cloudevents+json',
        deliveryMode: 2,
        timestamp: Math.floor(Date.parse(event.time) / 1000),
      });
      expect(message.properties.headers).toMatchObject({
        traceparent: event.traceparent,
        'x-dataversion': 2,
      });
      expect(JSON.parse(message.content.toString())).toEqual({
        specversion: '1.0',
        id: event.id,
        source: event.source,
        type: 'order.created',
        dataversion: 2,
        subject: 'order-1',
        time: event.time,
        datacontenttype: 'application/json',
        correlationid: 'corr-relay-1',
        causationid: 'req-1',
        traceparent: event.traceparent,
        data: { orderId: 'o-1' },
      });
      await eventually(async () => ((await health(herald)).info?.outbox?.pending === 0 ? true : undefined));
      expect(tap.messages.filter((m) => m.properties.messageId === events[0].id)).toHaveLength(1);
    });
  });

  describe('with the broker unreachable for a while', () => {
    let herald: RunningApp;
    let tap: EventTap;
    let proxy: TcpProxy;

    beforeAll(async () => {
      proxy = new TcpProxy('127.0.0.1', 5672);
      await proxy.start();
      herald = await startApp({
        suite: 'relay-outage',
        env: { AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}` },
      });
      tap = await EventTap.open(herald.namespace);
      await eventually(async () =>
        (await health(herald)).info?.rabbitmq?.status === 'up' ? true : undefined,
      );
    });
    afterAll(async () => {
      await tap.close();
      // Closing while the broker is unreachable must not hang the shutdown.
      await proxy.cut();
      await herald.close();
    });

    it('keeps accepting appends, then drains the backlog exactly once and in order', async () => {
      await proxy.cut();
      await eventually(async () => ((await health(herald)).error?.rabbitmq ? true : undefined), {
        what: 'rabbitmq down',
      });
      const store = herald.app.get<EventStore>(EVENT_STORE);
      const appended = await appendSeries(store, 'outage', 60);

      const during = await health(herald);
      expect(during.details.outbox).toMatchObject({ status: 'up', pending: 60 });
      expect(tap.messages).toHaveLength(0);

      await proxy.restore();
      await eventually(() => (tap.messages.length >= 60 ? true : undefined), {
        what: '60 events after the broker came back',
        timeoutMs: 30_000,
      });
      await eventually(async () => ((await health(herald)).details.outbox.pending === 0 ? true : undefined));
      expect(tap.messages.map((m) => m.properties.messageId)).toEqual(appended.map((e) => e.id));
      expect(tap.bodies().map((body) => body.data.i)).toEqual(appended.map((_, i) => i));
    });
  });
});
