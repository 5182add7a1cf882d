import { Parser } from '@asyncapi/parser';
import { startApp, type RunningApp } from '../support/app.fixture';
import { request } from '../support/http';

describe('contracts: /schemas, /asyncapi.json, /docs-json', () => {
  let herald: RunningApp;
  const get = (path: string) => request(herald.url, 'GET', path);

  beforeAll(async () => {
    herald = await startApp({ suite: 'contracts' });
  });
  afterAll(() => herald.close());

  it('lists every type with its versions and serves each schema', async () => {
    const { body } = await get('/schemas');
    expect(body).toEqual(
      expect.arrayContaining([
        { type: 'order.created', versions: [1, 2], latest: 2 },
        { type: 'inventory.reserved', versions: [1], latest: 1 },
        { type: 'inventory.rejected', versions: [1], latest: 1 },
      ]),
    );
    const v1 = await get('/schemas/order.created/1');
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({
      type: 'object',
      required: ['orderId', 'userId', 'items'],
      additionalProperties: false,
    });
    expect((await get('/schemas/order.created/3')).status).toBe(404);
    expect((await get('/schemas/no.such/1')).status).toBe(404);
  });

  it('serves an AsyncAPI 3.0 document that @asyncapi/parser accepts, with every type and version', async () => {
    const { body: doc } = await get('/asyncapi.json');
    const { document, diagnostics } = await new Parser().parse(doc);
    // Severity 0 is Error (Spectral's DiagnosticSeverity); warnings and hints are advice.
    const errors = diagnostics.filter((d) => Number(d.severity) === 0);
    expect(errors).toEqual([]);
    expect(document).toBeDefined();
    expect(doc.asyncapi).toBe('3.0.0');
    const { body: catalog } = await get('/schemas');
    for (const { type, versions } of catalog as Array<{ type: string; versions: number[] }>) {
      expect(doc.channels[type].address).toBe(type);
      expect(doc.channels[type].bindings.amqp.exchange.name).toBe(`${herald.namespace}.events`);
      for (const version of versions) expect(doc.components.messages[`${type}.v${version}`]).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toContain('guest:guest');
  });

  it('describes every route with its bodies and error responses in the OpenAPI document', async () => {
    const { body: doc } = await get('/docs-json');
    const paths = doc.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>
    >;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/events',
        '/events/batch',
        '/events/{id}',
        '/streams/{subject}',
        '/schemas',
        '/schemas/{type}/{version}',
        '/asyncapi.json',
        '/orders',
        '/health',
      ]),
    );
    const publish = paths['/events'].post;
    expect(publish.requestBody).toBeDefined();
    expect(Object.keys(publish.responses)).toEqual(
      expect.arrayContaining(['202', '400', '409', '413', '415', '422', '503']),
    );
    expect(Object.keys(paths['/events/batch'].post.responses)).toEqual(
      expect.arrayContaining(['202', '400', '409']),
    );
    expect(doc.components.schemas.PublishEventDto.properties).toHaveProperty('expectedVersion');
  });
});
