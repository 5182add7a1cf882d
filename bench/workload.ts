import { randomUUID } from 'node:crypto';

/** The event every HTTP publish of the bench sends: a type no handler consumes, small data. */
export const EVENT_TYPE = 'inventory.reserved';
export const EVENT_DATA = { orderId: 'order-42', lines: [{ productId: 'p-1', quantity: 2 }] };

/** A W3C traceparent as a traced client would send it. */
export const CLIENT_TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

/** `POST /events` body: no subject, so each request starts a stream of its own (no conflicts). */
export const PUBLISH_BODY = JSON.stringify({ type: EVENT_TYPE, data: EVENT_DATA });

/** One event of a `POST /events/batch` body. */
export function batchEvent(subject: string): Record<string, unknown> {
  return { type: EVENT_TYPE, subject, data: EVENT_DATA };
}

/** The row Herald stores for {@link PUBLISH_BODY}, as the naive baseline inserts it. */
export function naiveRow(): unknown[] {
  const id = randomUUID();
  return [
    id,
    id,
    1,
    EVENT_TYPE,
    1,
    '/herald',
    new Date().toISOString(),
    JSON.stringify(EVENT_DATA),
    randomUUID(),
    null,
    CLIENT_TRACEPARENT,
    null,
    Date.now(),
  ];
}
