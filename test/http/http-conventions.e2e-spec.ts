import { Body, Controller, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { startApp, type RunningApp } from '../support/app.fixture';

class EchoBody {
  @IsString() name!: string;
  @IsInt() @Min(1) count!: number;
}

/** A route with a body, to observe the global pipe and limits as every controller gets them. */
@Controller('test-echo')
class EchoController {
  @Post()
  echo(@Body() body: EchoBody): EchoBody {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('HTTP conventions', () => {
  let herald: RunningApp;

  beforeAll(async () => {
    herald = await startApp({ suite: 'http', env: { MAX_BODY_BYTES: '2048' }, imports: [EchoModule] });
  });
  afterAll(() => herald.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${herald.url}/test-echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('echoes X-Correlation-Id when given', async () => {
    const res = await fetch(`${herald.url}/health/live`, { headers: { 'x-correlation-id': 'order-flow-7' } });
    expect(res.headers.get('x-correlation-id')).toBe('order-flow-7');
  });

  it('generates a UUID v7 correlation id when none (or an unusable one) is given', async () => {
    const cases: Array<Record<string, string>> = [{}, { 'x-correlation-id': 'x'.repeat(300) }];
    for (const headers of cases) {
      const res = await fetch(`${herald.url}/health/live`, { headers });
      expect(res.headers.get('x-correlation-id')).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });

  it('puts the correlation id on errors that never reach a controller', async () => {
    const notFound = await fetch(`${herald.url}/no-such-route`, { headers: { 'x-correlation-id': 'c-404' } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-correlation-id')).toBe('c-404');

    const tooLarge = await post(JSON.stringify({ name: 'x'.repeat(4096), count: 1 }), {
      'x-correlation-id': 'c-413',
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get('x-correlation-id')).toBe('c-413');
  });

  it('validates bodies: unknown fields and wrong types are 400 naming the field', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 0, extra: true }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { statusCode: number; error: string; message: string[] };
    expect(body.statusCode).toBe(400);
    expect(body.error).toBe('Bad Request');
    expect(body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('extra'), expect.stringContaining('count')]),
    );
  });

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', count: 2 }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ name: 'a', count: 2 });
  });

  it('refuses a body over MAX_BODY_BYTES with 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(4096), count: 1 }));
    expect(res.status).toBe(413);
  });

  it('serves an OpenAPI document at /docs-json and Swagger UI at /docs', async () => {
    const doc = (await (await fetch(`${herald.url}/docs-json`)).json()) as Record<string, any>;
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/health', '/health/live', '/health/ready']),
    );
    const ui = await fetch(`${herald.url}/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('serves Prometheus metrics at /metrics', async () => {
    const res = await fetch(`${herald.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('# TYPE');
  });
});
