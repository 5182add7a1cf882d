import { startApp, type RunningApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { request } from '../support/http';

const DEPTH = 10_000;
const deep = (inner: string) => `${'['.repeat(DEPTH)}${inner}${']'.repeat(DEPTH)}`;
const v1Order = { orderId: 'o-1', userId: 'u-1', items: [{ productId: 'p-1', quantity: 1 }] };
const cloudEvent = (extra: object = {}) => ({
  specversion: '1.0',
  id: `ce-${Math.random()}`,
  source: '/tests',
  type: 'order.created',
  dataversion: 1,
  data: v1Order,
  ...extra,
});

/** Raw JSON text with `\u0000` or a lone surrogate escaped, as a client would send it. */
const poisonBodies: Array<[string, string]> = [
  [
    'U+0000 in data',
    JSON.stringify({ type: 'order.created', dataversion: 1, data: { ...v1Order, userId: 'a\u0000b' } }),
  ],
  [
    'U+0000 in subject',
    JSON.stringify({ type: 'order.created', dataversion: 1, subject: 's\u0000', data: v1Order }),
  ],
  [
    'lone surrogate in data',
    JSON.stringify({ type: 'order.created', dataversion: 1, data: { ...v1Order, orderId: 'x\ud800' } }),
  ],
  ['lone low surrogate in a key', `{"type":"order.created","dataversion":1,"data":{"\\udc00":1}}`],
  ['U+0000 in a key', `{"type":"order.created","dataversion":1,"data":{"a\\u0000":1}}`],
];

describe.each(['sqlite', 'postgres'])('input bounds before validation (%s)', (store) => {
  let herald: RunningApp;
  let database: TestDatabase | undefined;
  const post = (path: string, body: string, type = 'application/json') =>
    request(herald.url, 'POST', path, { body, headers: { 'content-type': type } });

  beforeAll(async () => {
    database = store === 'postgres' ? await createPostgresDatabase('bounds') : undefined;
    herald = await startApp({ suite: 'bounds', env: { ...(database && { DATABASE_URL: database.url }) } });
  });
  afterAll(async () => {
    await herald.close();
    await database?.drop();
  });

  it.each([
    ['/events', deep('1'), 'application/json'],
    ['/events', `{"specversion":"1.0","data":${deep('1')}}`, 'application/cloudevents+json'],
    ['/events/batch', `{"events":[{"type":"order.created","data":${deep('1')}}]}`, 'application/json'],
    ['/orders', `{"userId":"u","items":${deep('{}')}}`, 'application/json'],
  ])('answers 400 to JSON nested 10,000 deep on POST %s (%#)', async (path, body, type) => {
    const res = await post(path, body, type);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(res.body.message).toEqual([expect.stringMatching(/nests deeper than \d+ levels/)]);
  });

  it.each(poisonBodies)('answers 400 to %s, on application/json', async (_name, body) => {
    const res = await post('/events', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual([expect.stringMatching(/must not contain (U\+0000|a lone surrogate)/)]);
  });

  it('answers 400 to U+0000 in a CloudEvent attribute', async () => {
    const res = await post(
      '/events',
      JSON.stringify(cloudEvent({ correlationid: 'c\u0000' })),
      'application/cloudevents+json',
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toEqual(['/correlationid must not contain U+0000']);
  });

  it('still accepts unusual but storable strings (an escaped backslash-u, astral characters)', async () => {
    const data = { ...v1Order, userId: '\\u0000 😀 \ud83d\ude00' };
    const res = await post('/events', JSON.stringify({ type: 'order.created', dataversion: 1, data }));
    expect(res.status).toBe(202);
    const read = await request(herald.url, 'GET', `/events/${res.body.id}?raw=true`);
    expect(read.body.data).toEqual(data);
  });
});
