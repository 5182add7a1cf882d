import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ENVELOPE_SCHEMA } from '../../src/versioning';
import { startApp, type RunningApp } from '../support/app.fixture';
import { EventTap } from '../support/event-tap';
import { request } from '../support/http';
import { eventually } from '../support/poll';

describe('accepted events reach {ns}.events', () => {
  let herald: RunningApp;
  let tap: EventTap;

  beforeAll(async () => {
    herald = await startApp({ suite: 'delivery' });
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    await tap.close();
    await herald.close();
  });

  it('delivers each accepted event once, with the properties, headers and envelope of API.md §1', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const accepted: Array<{ id: string; type: string; dataversion: number }> = [];
    for (let i = 0; i < 5; i++) {
      const res = await request(herald.url, 'POST', '/events', {
        json: {
          type: 'order.created',
          dataversion: 1 + (i % 2),
          subject: `order-d${i}`,
          data:
            i % 2 === 0
              ? { orderId: `d${i}`, userId: 'u', items: [{ productId: 'p-1', quantity: 1 }] }
              : { orderId: `d${i}`, customer: { userId: 'u' }, lines: [], currency: 'USD' },
        },
        headers: { 'x-correlation-id': `corr-d${i}`, traceparent },
      });
      expect(res.status).toBe(202);
      accepted.push(res.body);
    }
    const batch = await request(herald.url, 'POST', '/events/batch', {
      json: {
        events: [
          {
            type: 'inventory.rejected',
            data: { orderId: 'd0', productId: 'p-1', requested: 5, available: 1 },
          },
        ],
      },
      headers: { traceparent },
    });
    accepted.push(...batch.body.events);

    await eventually(() => (tap.messages.length >= accepted.length ? true : undefined), {
      what: 'every accepted event on the exchange',
    });
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    const validEnvelope = ajv.compile(ENVELOPE_SCHEMA);

    expect(tap.messages.map((m) => m.properties.messageId)).toEqual(accepted.map((a) => a.id));
    tap.messages.forEach((message, i) => {
      const body = JSON.parse(message.content.toString()) as Record<string, unknown>;
      expect(validEnvelope(body)).toBe(true);
      expect(message.fields.routingKey).toBe(accepted[i].type);
      expect(message.properties).toMatchObject({
        messageId: accepted[i].id,
        type: accepted[i].type,
        contentType: 'application/cloudevents+json',
        deliveryMode: 2,
        timestamp: expect.any(Number),
      });
      expect(message.properties.headers).toMatchObject({
        'x-dataversion': accepted[i].dataversion,
        traceparent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/),
      });
      expect(body.dataversion).toBe(accepted[i].dataversion);
      expect(body.traceparent).toBe(message.properties.headers!.traceparent);
    });
    // The producing request's trace continues in the event: same trace id as the caller sent.
    expect(tap.messages[0].properties.headers!.traceparent).toContain('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(tap.messages.slice(0, 5).map((m) => m.properties.correlationId)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `corr-d${i}`),
    );
  });

  it('refuses a batch of more than 1000 events', async () => {
    const events = Array.from({ length: 1001 }, () => ({ type: 'order.created', data: {} }));
    const res = await request(herald.url, 'POST', '/events/batch', { json: { events } });
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([expect.stringMatching(/^\/events .*1000/)]);
  });
});
