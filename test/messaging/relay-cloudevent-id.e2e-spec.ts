import { startApp, type RunningApp } from '../support/app.fixture';
import { EventTap } from '../support/event-tap';
import { request } from '../support/http';
import { eventually } from '../support/poll';

const postCloudEvent = (herald: RunningApp, id: string, subject: string) =>
  request(herald.url, 'POST', '/events', {
    headers: { 'content-type': 'application/cloudevents+json' },
    body: JSON.stringify({
      specversion: '1.0',
      id,
      source: '/shop/checkout',
      type: 'order.created',
      dataversion: 1,
      subject,
      data: { orderId: 'o-42', userId: 'user-7', items: [{ productId: 'p-1', quantity: 1 }] },
    }),
  });

describe('relay: a CloudEvent whose id is not a UUID', () => {
  let herald: RunningApp;
  let tap: EventTap;

  beforeAll(async () => {
    herald = await startApp({ suite: 'relay-ceid' });
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    await tap.close();
    await herald.close();
  });

  it('is published exactly once, and the events after it flow', async () => {
    expect((await postCloudEvent(herald, 'order-42-created', 'order-42')).status).toBe(202);
    // A later event on the same stream: once it is through, the first can no longer be pending.
    expect((await postCloudEvent(herald, 'order-42-paid', 'order-42')).status).toBe(202);
    await eventually(
      () => (tap.messages.some((m) => m.properties.messageId === 'order-42-paid') ? true : undefined),
      {
        what: 'the event after the non-UUID id',
      },
    );
    await eventually(async () => {
      const health = (await (await fetch(`${herald.url}/health`)).json()) as Record<string, any>;
      return health.details.outbox.pending === 0 ? true : undefined;
    });
    const ids = tap.messages.map((m) => m.properties.messageId as string);
    expect(ids).toEqual(['order-42-created', 'order-42-paid']);
    expect(tap.bodies()[0]).toMatchObject({ id: 'order-42-created', subject: 'order-42' });
  });
});
