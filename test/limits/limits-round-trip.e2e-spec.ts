import { v7 as uuidv7 } from 'uuid';
import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';

const v1Order = (orderId: string) => ({ orderId, userId: 'u-1', items: [{ productId: 'p-1', quantity: 1 }] });
const bytes = (text: string) => Buffer.byteLength(text);
/** 255 bytes of three-byte characters: 85 characters, 765 when percent-encoded. */
const MAX_SUBJECT = '€'.repeat(85);
/** 255 bytes: 63 four-byte characters and three ASCII ones. */
const maxId = () => `${'😀'.repeat(63)}${Math.random().toString(36).slice(2, 5).padEnd(3, 'x')}`;

describe.each(['sqlite', 'postgres'])('one set of limits, every accepted event readable (%s)', (store) => {
  let herald: RunningApp;
  let database: TestDatabase | undefined;
  const call = (method: string, path: string, options?: Parameters<typeof request>[3]) =>
    request(herald.url, method, path, options);
  const postCloudEvent = (event: Record<string, unknown>) =>
    call('POST', '/events', {
      body: JSON.stringify({
        specversion: '1.0',
        id: uuidv7(),
        source: '/tests',
        type: 'order.created',
        dataversion: 1,
        ...event,
      }),
      headers: { 'content-type': 'application/cloudevents+json' },
    });

  beforeAll(async () => {
    database = store === 'postgres' ? await createPostgresDatabase('limits') : undefined;
    herald = await startApp({
      suite: 'limits',
      env: { ...(database && { DATABASE_URL: database.url }), HERALD_ROLES: 'api' },
    });
  });
  afterAll(async () => {
    await herald.close();
    await database?.drop();
  });

  it('reads a maximum-length multibyte subject back by its URL; one byte more is a 400', async () => {
    expect(bytes(MAX_SUBJECT)).toBe(255);
    const subject = MAX_SUBJECT;
    const posted = await call('POST', '/events', {
      json: { type: 'order.created', dataversion: 1, subject, data: v1Order('o-max') },
    });
    expect(posted.status).toBe(202);
    const path = `/streams/${encodeURIComponent(subject)}`;
    expect(path.length).toBeGreaterThan(765);
    const read = await call('GET', path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ subject, version: 1, next: 2 });
    expect(read.body.events.map((e: { id: string }) => e.id)).toEqual([posted.body.id]);

    const tooLong = await call('POST', '/events', {
      json: { type: 'order.created', dataversion: 1, subject: `${MAX_SUBJECT}a`, data: v1Order('o') },
    });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toEqual(['/subject must not be longer than 255 bytes in UTF-8']);
  });

  it('reads a maximum-length id back by its URL; one byte more is a 400', async () => {
    const id = maxId();
    expect(bytes(id)).toBe(255);
    const posted = await postCloudEvent({ id, subject: `s-${uuidv7()}`, data: v1Order('o') });
    expect(posted.body).toMatchObject({ id });
    const read = await call('GET', `/events/${encodeURIComponent(id)}`);
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(id);

    const tooLong = await postCloudEvent({ id: `${id}x`, data: v1Order('o') });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.message).toEqual(['/id must not be longer than 255 bytes in UTF-8']);
  });

  it('refuses a 512-byte correlationid; keeps a 1969 time and a leap second intact; accepts what follows', async () => {
    const correlationid = '😀'.repeat(128);
    expect(bytes(correlationid)).toBe(512);
    const refused = await postCloudEvent({ correlationid, data: v1Order('o') });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toEqual(['/correlationid must not be longer than 255 bytes in UTF-8']);

    for (const time of ['1969-07-20T20:17:40Z', '2016-12-31T23:59:60Z']) {
      const posted = await postCloudEvent({ time, data: v1Order(`o-${time}`) });
      expect(posted.status).toBe(202);
      const read = await call('GET', `/events/${encodeURIComponent(posted.body.id)}?raw=true`);
      expect(read.body).toMatchObject({ time, data: v1Order(`o-${time}`) });
    }
    const after = await Promise.all(
      Array.from({ length: 10 }, (_, i) => postCloudEvent({ data: v1Order(`after-${i}`) })),
    );
    expect(after.map((res) => res.status)).toEqual(Array(10).fill(202));
  });

  it('serves an edge-case v1 event (orderId "") on every read route with 200', async () => {
    const subject = `edge-${uuidv7()}`;
    const posted = await call('POST', '/events', {
      json: { type: 'order.created', dataversion: 1, subject, data: v1Order('') },
    });
    expect(posted.status).toBe(202);
    const one = await call('GET', `/events/${posted.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ dataversion: 2, data: { orderId: '' } });
    expect(one.body).not.toHaveProperty('upcasterror');
    expect((await call('GET', `/streams/${subject}`)).status).toBe(200);
    const all = await readEverything();
    expect(all).toContainEqual(expect.objectContaining({ id: posted.body.id, dataversion: 2 }));
  });

  it('serves an event that cannot be upcast at its stored version, with upcasterror', async () => {
    const events: EventStore = herald.app.get(EVENT_STORE);
    const subject = `broken-${uuidv7()}`;
    // Stored data no schema admits, as an older release or a manual repair might have left it.
    const { events: stored } = await events.append([
      {
        subject,
        expectedVersion: ANY,
        events: [
          {
            id: uuidv7(),
            type: 'order.created',
            dataversion: 1,
            source: '/tests',
            time: new Date().toISOString(),
            data: { orderId: 7 },
          },
        ],
      },
    ]);
    const id = stored[0].id;
    const one = await call('GET', `/events/${id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id, dataversion: 1, data: { orderId: 7 } });
    expect(one.body.upcasterror).toMatch(/order.created v1 is invalid: .*\/data\/orderId must be string/);
    const stream = await call('GET', `/streams/${subject}`);
    expect(stream.status).toBe(200);
    expect(stream.body.events[0].upcasterror).toEqual(one.body.upcasterror);
    const all = await readEverything();
    expect(all.find((e) => e.id === id)).toMatchObject({ dataversion: 1, upcasterror: one.body.upcasterror });
  });

  async function readEverything(): Promise<Array<Record<string, unknown>>> {
    const seen: Array<Record<string, unknown>> = [];
    let after = '';
    for (;;) {
      const page = await call('GET', `/events?limit=1000${after}`);
      expect(page.status).toBe(200);
      if (page.body.events.length === 0) return seen;
      seen.push(...page.body.events);
      after = `&after=${page.body.next}`;
    }
  }
});
