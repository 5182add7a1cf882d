import { startApp, type RunningApp } from '../support/app.fixture';
import { request } from '../support/http';

const v1Order = (orderId: string) => ({
  orderId,
  userId: 'user-7',
  items: [{ productId: 'p-1', quantity: 2 }],
});

describe('POST /events and reading the store', () => {
  let herald: RunningApp;
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(herald.url, method, path, options);

  beforeAll(async () => {
    herald = await startApp({ suite: 'publish', env: { MAX_BODY_BYTES: '4096' } });
  });
  afterAll(() => herald.close());

  it('stores a v1 order.created as v1 and reads it back upcast to v2 (raw: as stored)', async () => {
    const posted = await call('POST', '/events', {
      json: { type: 'order.created', dataversion: 1, subject: 'order-v1', data: v1Order('o-1') },
      headers: { 'x-correlation-id': 'corr-v1' },
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7/),
      type: 'order.created',
      dataversion: 1,
      subject: 'order-v1',
      streamVersion: 1,
      position: expect.any(Number),
      correlationId: 'corr-v1',
    });

    const latest = await call('GET', `/events/${posted.body.id}`);
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({
      specversion: '1.0',
      id: posted.body.id,
      type: 'order.created',
      dataversion: 2,
      subject: 'order-v1',
      correlationid: 'corr-v1',
      data: {
        orderId: 'o-1',
        customer: { userId: 'user-7' },
        lines: [{ productId: 'p-1', quantity: 2 }],
        currency: 'EUR',
      },
    });

    const raw = await call('GET', `/events/${posted.body.id}?raw=true`);
    expect(raw.body).toMatchObject({ dataversion: 1, data: v1Order('o-1') });
  });

  it('defaults dataversion to the latest and subject to a stream of its own', async () => {
    const posted = await call('POST', '/events', {
      json: {
        type: 'inventory.reserved',
        data: { orderId: 'o-2', lines: [{ productId: 'p-1', quantity: 1 }] },
      },
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({ dataversion: 1, subject: posted.body.id, streamVersion: 1 });
    expect(posted.headers.get('x-correlation-id')).toBe(posted.body.correlationId);
  });

  describe('errors (API.md §3)', () => {
    it('400 for invalid data, naming each JSON path', async () => {
      const res = await call('POST', '/events', {
        json: {
          type: 'order.created',
          dataversion: 1,
          data: { orderId: 'o', userId: 5, items: [{ productId: 'p' }] },
        },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.message).toEqual(
        expect.arrayContaining(['/data/userId must be string', '/data/items/0/quantity is required']),
      );
    });

    it('400 for an invalid body, naming the field', async () => {
      const res = await call('POST', '/events', {
        json: { type: 'Not A Type', data: {}, expectedVersion: -1, extra: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/type /),
          expect.stringMatching(/^\/expectedVersion /),
          expect.stringMatching(/^\/extra /),
        ]),
      );
    });

    it('400 for an unknown type or version', async () => {
      const type = await call('POST', '/events', { json: { type: 'no.such', data: {} } });
      expect(type.status).toBe(400);
      expect(type.body.message).toContain('no.such');
      const version = await call('POST', '/events', {
        json: { type: 'order.created', dataversion: 9, data: {} },
      });
      expect(version.status).toBe(400);
      expect(version.body.message).toMatch(/no version 9/);
    });

    it('409 with currentVersion when expectedVersion does not match', async () => {
      const first = { type: 'order.created', dataversion: 1, subject: 'order-409', data: v1Order('o-409') };
      expect((await call('POST', '/events', { json: { ...first, expectedVersion: 0 } })).status).toBe(202);
      const again = await call('POST', '/events', { json: { ...first, expectedVersion: 0 } });
      expect(again.status).toBe(409);
      expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', currentVersion: 1 });
      const exact = await call('POST', '/events', { json: { ...first, expectedVersion: 1 } });
      expect(exact.status).toBe(202);
      expect(exact.body.streamVersion).toBe(2);
    });

    it('413 over MAX_BODY_BYTES, 415 for other content types', async () => {
      const big = await call('POST', '/events', {
        json: { type: 'order.created', data: { pad: 'x'.repeat(5000) } },
      });
      expect(big.status).toBe(413);
      const text = await call('POST', '/events', {
        body: 'hello',
        headers: { 'content-type': 'text/plain' },
      });
      expect(text.status).toBe(415);
    });

    it('Idempotency-Key: same body, same response and one event; another body, 422', async () => {
      const json = { type: 'order.created', dataversion: 1, subject: 'order-idem', data: v1Order('o-idem') };
      const headers = { 'idempotency-key': 'key-1' };
      const first = await call('POST', '/events', { json, headers });
      const second = await call('POST', '/events', { json, headers });
      expect(first.status).toBe(202);
      expect(second.status).toBe(202);
      expect(second.body).toEqual(first.body);
      expect((await call('GET', '/streams/order-idem')).body.version).toBe(1);

      const other = await call('POST', '/events', { json: { ...json, subject: 'order-idem-2' }, headers });
      expect(other.status).toBe(422);
      expect((await call('GET', '/streams/order-idem-2')).body.version).toBe(0);
    });
  });

  describe('CloudEvents structured input', () => {
    const cloudEvent = (id: string) => ({
      specversion: '1.0',
      id,
      source: '/shop/checkout',
      type: 'order.created',
      dataversion: 1,
      subject: 'order-ce',
      time: '2026-11-27T21:00:00.000Z',
      correlationid: 'corr-ce',
      data: v1Order('o-ce'),
    });
    const post = (body: unknown) =>
      call('POST', '/events', {
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
      });

    it('accepts a whole CloudEvent, keeping its id, source, time and correlation id', async () => {
      const id = '0193a5c4-0000-7000-8000-00000000ce01';
      const res = await post(cloudEvent(id));
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ id, subject: 'order-ce', dataversion: 1, correlationId: 'corr-ce' });
      const stored = await call('GET', `/events/${id}?raw=true`);
      expect(stored.body).toMatchObject({ source: '/shop/checkout', time: '2026-11-27T21:00:00.000Z' });
      // The same CloudEvent again is the same event, not a second one.
      const again = await post(cloudEvent(id));
      expect(again.body).toEqual(res.body);
      expect((await call('GET', '/streams/order-ce')).body.version).toBe(1);
    });

    it('rejects a CloudEvent missing a required attribute instead of filling it in', async () => {
      const { source: _source, ...noSource } = cloudEvent('0193a5c4-0000-7000-8000-00000000ce02');
      const res = await post(noSource);
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(['/source is required']);
      const wrongSpec = await post({
        ...cloudEvent('0193a5c4-0000-7000-8000-00000000ce03'),
        specversion: '0.3',
      });
      expect(wrongSpec.status).toBe(400);
      expect(wrongSpec.body.message[0]).toMatch(/^\/specversion/);
    });
  });

  describe('POST /events/batch', () => {
    it('stores all events in one transaction', async () => {
      const res = await call('POST', '/events/batch', {
        json: {
          events: [
            { type: 'order.created', dataversion: 1, subject: 'order-b1', data: v1Order('b1') },
            {
              type: 'inventory.reserved',
              subject: 'order-b1',
              data: { orderId: 'b1', lines: [{ productId: 'p-1', quantity: 2 }] },
            },
          ],
        },
      });
      expect(res.status).toBe(202);
      expect(res.body.events.map((e: { streamVersion: number }) => e.streamVersion)).toEqual([1, 2]);
    });

    it('stores none when one event is invalid, naming its index', async () => {
      const res = await call('POST', '/events/batch', {
        json: {
          events: [
            { type: 'order.created', dataversion: 1, subject: 'order-b2', data: v1Order('b2') },
            { type: 'order.created', dataversion: 1, subject: 'order-b3', data: { orderId: 'b3' } },
          ],
        },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual(expect.arrayContaining(['/events/1/data/userId is required']));
      expect((await call('GET', '/streams/order-b2')).body.version).toBe(0);
    });

    it('refuses an empty batch', async () => {
      expect((await call('POST', '/events/batch', { json: { events: [] } })).status).toBe(400);
    });
  });

  describe('reading', () => {
    it('pages through GET /events in commit order with an opaque cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (;;) {
        const after = cursor === undefined ? '' : `&after=${encodeURIComponent(cursor)}`;
        const page = await call('GET', `/events?limit=3&type=order.created${after}`);
        expect(page.status).toBe(200);
        seen.push(...page.body.events.map((e: { id: string }) => e.id));
        for (const event of page.body.events) expect(event.dataversion).toBe(2);
        if (page.body.events.length === 0) {
          // An empty page returns the cursor it was given: a tailing reader keeps it.
          expect(page.body.next).toBe(cursor);
          break;
        }
        cursor = page.body.next;
      }
      expect(seen.length).toBeGreaterThanOrEqual(5);
      expect(new Set(seen).size).toBe(seen.length);
      expect((await call('GET', '/events?after=bogus')).status).toBe(400);
    });

    it('reads a stream from a version; 404 for an unknown event', async () => {
      const stream = await call('GET', '/streams/order-409?fromVersion=2');
      expect(stream.body).toMatchObject({ subject: 'order-409', version: 2 });
      expect(stream.body.events).toHaveLength(1);
      expect((await call('GET', '/events/00000000-0000-7000-8000-000000000000')).status).toBe(404);
    });
  });

  it('POST /orders emits order.created at the latest version', async () => {
    const res = await call('POST', '/orders', {
      json: { userId: 'user-9', items: [{ productId: 'p-2', quantity: 3 }] },
      headers: { 'x-correlation-id': 'corr-order' },
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ orderId: expect.any(String), correlationId: 'corr-order' });
    const stream = await call('GET', `/streams/order-${res.body.orderId}?raw=true`);
    expect(stream.body.events[0]).toMatchObject({
      type: 'order.created',
      dataversion: 2,
      correlationid: 'corr-order',
      data: {
        orderId: res.body.orderId,
        customer: { userId: 'user-9' },
        lines: [{ productId: 'p-2', quantity: 3 }],
      },
    });
    const invalid = await call('POST', '/orders', {
      json: { userId: 'u', items: [{ productId: 'p', quantity: 0 }] },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toEqual([expect.stringMatching(/^\/items\/0\/quantity /)]);
  });
});
