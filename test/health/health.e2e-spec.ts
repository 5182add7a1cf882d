import { connect } from 'amqplib';
import { closeConnectionsNamed, AMQP_URL } from '../support/broker';
import { startApp, type RunningApp } from '../support/app.fixture';
import { eventually } from '../support/poll';
import { connectionNameFor } from '../../src/messaging';

describe('GET /health with the broker up', () => {
  let herald: RunningApp;

  beforeAll(async () => {
    herald = await startApp({ suite: 'health' });
  });
  afterAll(() => herald.close());

  const get = (path: string) => fetch(`${herald.url}${path}`);

  it('reports rabbitmq up once connected', async () => {
    const body = await eventually(
      async () => {
        const res = await get('/health');
        return res.status === 200 ? ((await res.json()) as Record<string, any>) : undefined;
      },
      { what: '/health 200' },
    );
    expect(body.status).toBe('ok');
    expect(body.info.rabbitmq.status).toBe('up');
    expect(body.info.eventStore.status).toBe('up');
    expect(body.info.outbox).toMatchObject({ status: 'up', pending: 0 });
  });

  it('answers liveness and readiness with 200', async () => {
    expect((await get('/health/live')).status).toBe(200);
    await eventually(async () => ((await get('/health/ready')).status === 200 ? true : undefined));
  });

  it('declares the durable topic exchange {ns}.events with its alternate exchange', async () => {
    const connection = await connect(AMQP_URL);
    try {
      const channel = await connection.createChannel();
      // assertExchange with different properties would fail with PRECONDITION_FAILED.
      await channel.assertExchange(`${herald.namespace}.events`, 'topic', {
        durable: true,
        autoDelete: false,
        alternateExchange: `${herald.namespace}.unrouted`,
      });
      await channel.checkExchange(`${herald.namespace}.unrouted`);
      await channel.checkQueue(`${herald.namespace}.unrouted`);
      await channel.close();
    } finally {
      await connection.close();
    }
  });

  it('goes down when the broker drops the connection, and recovers by itself', async () => {
    await eventually(async () => ((await get('/health')).status === 200 ? true : undefined));
    const closed = await closeConnectionsNamed(connectionNameFor(herald.namespace));
    expect(closed).toBeGreaterThan(0);

    const down = await eventually(
      async () => {
        const res = await get('/health');
        return res.status === 503 ? ((await res.json()) as Record<string, any>) : undefined;
      },
      { what: '/health 503 after the cut', intervalMs: 10 },
    );
    expect(down.error.rabbitmq.status).toBe('down');

    // The connection manager reconnects and re-declares the topology without a restart.
    const up = await eventually(
      async () => {
        const res = await get('/health');
        return res.status === 200 ? ((await res.json()) as Record<string, any>) : undefined;
      },
      { what: '/health 200 after reconnect', timeoutMs: 20_000 },
    );
    expect(up.info.rabbitmq.status).toBe('up');
  });
});
