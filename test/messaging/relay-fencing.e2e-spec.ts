import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { OutboxRelay } from '../../src/messaging';
import { startApp, type RunningApp } from '../support/app.fixture';
import { deleteNamespace } from '../support/broker';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { newEvent } from '../support/events';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { TcpProxy } from '../support/tcp-proxy';
import { PublishFrames } from './publish-frames';

const LEASE_MS = 3000;
const POLL_MS = 100;
/** Scheduling noise on two shared cores, on top of the documented bound. */
const SLACK_MS = 5000;
/** How late a byte the old leader wrote before its lease ended may reach the broker. */
const WIRE_TOLERANCE_MS = 200;
const BACKLOG = 600;

/** One Herald whose broker connection goes through a proxy of its own, counting its publishes. */
interface Instance {
  readonly herald: RunningApp;
  readonly frames: PublishFrames;
  readonly broker: TcpProxy;
}

async function startInstance(namespace: string, databaseUrl: string, latencyMs = 0): Promise<Instance> {
  const broker = new TcpProxy('127.0.0.1', 5672);
  const frames = new PublishFrames();
  broker.latencyMs = latencyMs;
  broker.onForward((chunk, client) => frames.feed(chunk, client));
  await broker.start();
  const herald = await startApp({
    suite: 'fence',
    env: {
      HERALD_NAMESPACE: namespace,
      DATABASE_URL: databaseUrl,
      AMQP_URL: `amqp://guest:guest@127.0.0.1:${broker.port}`,
      RELAY_LEASE_MS: String(LEASE_MS),
      RELAY_POLL_MS: String(POLL_MS),
      RELAY_BATCH_SIZE: '2000',
    },
  });
  return { herald, frames, broker };
}

async function stopInstance({ herald, broker }: Instance): Promise<void> {
  // Not herald.close(): that deletes the namespace the other instance still uses.
  await herald.app.close();
  await broker.cut();
}

/** Reads relay_checkpoints straight from PostgreSQL all along, to catch a step backwards. */
class CheckpointSampler {
  readonly samples: Array<{ tx: bigint; position: number }> = [];
  private running = true;
  private loop: Promise<void> | undefined;

  async start(url: string, relay: string): Promise<void> {
    const client = new Client({ connectionString: url });
    await client.connect();
    this.loop = (async () => {
      while (this.running) {
        const { rows } = await client.query<{ tx: string; position: string }>(
          'select tx, position from relay_checkpoints where relay = $1',
          [relay],
        );
        if (rows[0]) this.samples.push({ tx: BigInt(rows[0].tx), position: Number(rows[0].position) });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })().finally(() => client.end());
  }

  /** Samples lower than the one before them. */
  backwards(): number {
    return this.samples.filter((s, i) => {
      const p = this.samples[i - 1];
      return p !== undefined && (s.tx < p.tx || (s.tx === p.tx && s.position < p.position));
    }).length;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

describe('relay leadership on PostgreSQL, fenced by a lease', () => {
  const namespace = uniqueNamespace('fence');
  let database: TestDatabase;
  let postgres: TcpProxy;
  let tap: EventTap;
  const sampler = new CheckpointSampler();
  const instances: Instance[] = [];

  beforeAll(async () => {
    database = await createPostgresDatabase('fence');
    postgres = new TcpProxy('127.0.0.1', 5432);
    await postgres.start();
    tap = await EventTap.open(namespace);
  });
  afterAll(async () => {
    await sampler.stop();
    await postgres.restore();
    for (const instance of instances) await stopInstance(instance);
    await postgres.cut();
    await tap.close();
    await deleteNamespace(namespace);
    await database.drop();
  });

  const proxiedUrl = () => {
    const url = new URL(database.url);
    url.port = String(postgres.port);
    return url.toString();
  };
  const leads = (instance: Instance) => instance.herald.app.get(OutboxRelay).leading;
  const published = () => new Set(tap.messages.map((m) => String(m.properties.messageId)));

  /**
   * Appends a one-stream backlog through the follower, lets the leader publish part of it, cuts
   * the leader off from PostgreSQL with `cut`, and checks the takeover.
   */
  async function failover(
    leader: Instance,
    follower: Instance,
    cut: () => Promise<void> | void,
    detectionMs: number,
  ) {
    const store = follower.herald.app.get<EventStore>(EVENT_STORE);
    const subject = `fence-${randomUUID()}`;
    const ids: string[] = [];
    for (let i = 0; i < BACKLOG; i += 100) {
      const events = Array.from({ length: 100 }, (_, k) =>
        newEvent({ type: 'relay.tested', data: { i: i + k } }),
      );
      ids.push(...events.map((event) => event.id));
      await store.append([{ subject, events, expectedVersion: ANY }]);
    }
    const before = leader.frames.times.length;
    await eventually(() => (leader.frames.times.length - before >= 50 ? true : undefined), {
      what: 'the leader publishing the backlog',
      timeoutMs: 20_000,
    });

    const cutAt = Date.now();
    await cut();
    const takeover = await eventually(() => follower.frames.firstAfter(cutAt), {
      what: 'the first publish of the new leader',
      timeoutMs: detectionMs + POLL_MS + LEASE_MS + SLACK_MS + 10_000,
      intervalMs: 20,
    });
    await eventually(() => (ids.every((id) => published().has(id)) ? true : undefined), {
      what: 'the whole backlog on the exchange',
      timeoutMs: 30_000,
    });

    // The old leader's last good lock check was before the cut: nothing of it after its lease.
    expect(leader.frames.after(cutAt + LEASE_MS + WIRE_TOLERANCE_MS)).toBe(0);
    expect(leader.frames.times.at(-1)!).toBeLessThan(takeover);
    // The old leader had not finished: the new one did publish.
    expect(leader.frames.times.length - before).toBeLessThan(BACKLOG);
    expect(takeover - cutAt).toBeLessThanOrEqual(detectionMs + POLL_MS + LEASE_MS + SLACK_MS);
    expect(leads(follower)).toBe(true);
    expect(sampler.backwards()).toBe(0);
  }

  it('hands over when the leader loses its PostgreSQL connection', async () => {
    // The leader's broker path is slow, so that it is still publishing when the cut comes.
    const first = await startInstance(namespace, proxiedUrl(), 5);
    instances.push(first);
    await eventually(() => (leads(first) ? true : undefined), { what: 'the first instance leading' });
    await sampler.start(database.url, namespace);
    const second = await startInstance(namespace, database.url);
    instances.push(second);

    await failover(first, second, () => postgres.cut(), 0);
    expect(sampler.samples.length).toBeGreaterThan(0);
  });

  it('hands over when the leader goes silent, sockets left open', async () => {
    const [first, second] = instances;
    await postgres.restore();
    // The second instance lets go; the first, back on PostgreSQL, leads again.
    await stopInstance(second);
    instances.splice(1, 1);
    await eventually(() => (leads(first) ? true : undefined), { what: 'the first instance leading again' });
    const third = await startInstance(namespace, database.url);
    instances.push(third);

    // A silent leader's session is ended by the server once idle for a lease.
    await failover(first, third, () => postgres.dropSilently(), LEASE_MS);
  });
});
