import type { StoredEvent } from '../event-store';
import { toEnvelope, toPublishOptions } from './envelope';

const stored: StoredEvent = {
  id: '0193a5c4-0000-7000-8000-000000000001',
  type: 'order.created',
  dataversion: 2,
  source: '/herald/orders',
  time: '2026-11-27T21:00:00.000Z',
  data: { orderId: 'o-1' },
  subject: 'order-1',
  streamVersion: 1,
  position: 7,
  cursor: 'x',
};

describe('toEnvelope', () => {
  it('is a CloudEvents 1.0 structured envelope without absent optional attributes', () => {
    expect(toEnvelope(stored)).toEqual({
      specversion: '1.0',
      id: stored.id,
      source: '/herald/orders',
      type: 'order.created',
      dataversion: 2,
      subject: 'order-1',
      time: stored.time,
      datacontenttype: 'application/json',
      data: { orderId: 'o-1' },
    });
  });

  it('carries correlation, causation and trace context when present', () => {
    const envelope = toEnvelope({
      ...stored,
      correlationId: 'c',
      causationId: 'k',
      traceparent: 't',
      tracestate: 's',
    });
    expect(envelope).toMatchObject({
      correlationid: 'c',
      causationid: 'k',
      traceparent: 't',
      tracestate: 's',
    });
  });
});

describe('toPublishOptions', () => {
  it('maps the envelope to persistent, mandatory AMQP properties and headers', () => {
    expect(toPublishOptions({ ...stored, correlationId: 'c', traceparent: 't' })).toEqual({
      messageId: stored.id,
      type: 'order.created',
      correlationId: 'c',
      contentType: 'application/cloudevents+json',
      timestamp: Date.parse(stored.time) / 1000,
      persistent: true,
      mandatory: true,
      headers: { 'x-dataversion': 2, traceparent: 't' },
    });
  });

  it('leaves the timestamp out when AMQP cannot carry the time', () => {
    expect(toPublishOptions({ ...stored, time: '1969-07-20T20:17:00Z' })).not.toHaveProperty('timestamp');
    expect(toPublishOptions({ ...stored, time: '2016-12-31T23:59:60Z' })).not.toHaveProperty('timestamp');
  });
});
