import { createServer, type Server } from 'node:net';
import { startApp, type RunningApp } from '../support/app.fixture';

/** A port that nothing listens on: bound, read, then released. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('GET /health with the broker unreachable', () => {
  let herald: RunningApp;

  beforeAll(async () => {
    const port = await closedPort();
    herald = await startApp({
      suite: 'health-down',
      env: { AMQP_URL: `amqp://guest:guest@127.0.0.1:${port}` },
    });
  });
  afterAll(() => herald.close());

  it('boots and serves, reporting rabbitmq down with 503', async () => {
    const res = await fetch(`${herald.url}/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as Record<string, any>;
    expect(body).toMatchObject({ status: 'error', error: { rabbitmq: { status: 'down' } } });
    expect(body.error.rabbitmq.message).toEqual(expect.any(String));
  });

  it('stays live but not ready', async () => {
    expect((await fetch(`${herald.url}/health/live`)).status).toBe(200);
    const ready = await fetch(`${herald.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as Record<string, any>).error).toHaveProperty('rabbitmq');
  });
});
