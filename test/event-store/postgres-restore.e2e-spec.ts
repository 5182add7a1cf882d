import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { startApp } from '../support/app.fixture';
import { deleteNamespace } from '../support/broker';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { newEvent } from '../support/events';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { exitOf, spawnHerald } from '../support/process';

/** Far beyond any transaction id this test server will reach: what a restore leaves behind. */
const AHEAD = 5_000_000_000;

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** `npm run store:repair-tx`, as an operator runs it. */
async function runRepair(databaseUrl: string): Promise<string> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', 'src/event-store/repair-tx.cli.ts'],
    {
      cwd: join(__dirname, '..', '..'),
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  expect(await exitOf(child, 60_000)).toBe(0);
  return output;
}

describe('a PostgreSQL store restored into another cluster', () => {
  const namespace = uniqueNamespace('restore');
  let database: TestDatabase;
  const env = () => ({ DATABASE_URL: database.url, HERALD_NAMESPACE: namespace });

  beforeAll(async () => {
    database = await createPostgresDatabase('restore');
  });
  afterAll(async () => {
    await deleteNamespace(namespace);
    await database.drop();
  });

  it('is refused at boot naming the repair, and after the repair keeps its history and its order', async () => {
    const first = await startApp({ suite: 'restore', env: { ...env(), HERALD_ROLES: 'api' } });
    const ids: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const event = newEvent({ type: 'restore.tested', data: { i } });
      ids.push(event.id);
      await first.app
        .get<EventStore>(EVENT_STORE)
        .append([{ subject: `s-${i}`, events: [event], expectedVersion: ANY }]);
    }
    await first.app.close();
    // Ahead of the server, and with commits out of position order: pairs swapped, 2 1 4 3 6 5.
    const order = [1, 0, 3, 2, 5, 4].map((i) => ids[i]);
    await admin(database.url, async (client) => {
      await client.query(
        `update events set tx = (${AHEAD} + case when position % 2 = 0 then position - 1 else position + 1 end)::text::xid8`,
      );
      // The relay had published 2, 1 and 4.
      await client.query(
        `insert into relay_checkpoints (relay, tx, position, updated_at)
         select $1, tx::text, position, 0 from events where id = $2`,
        [namespace, order[2]],
      );
    });

    // A real process: a refused boot must exit, naming the repair.
    const refused = spawnHerald({
      ...env(),
      PORT: String(20_000 + Math.floor(Math.random() * 20_000)),
      HOST: '127.0.0.1',
      LEGACY_QUEUE: `${namespace}.order_events`,
    });
    expect(await exitOf(refused, 60_000)).not.toBe(0);
    expect(refused.output()).toMatch(/restored into another cluster/);
    expect(refused.output()).toMatch(/npm run store:repair-tx/);

    expect(await runRepair(database.url)).toMatch(/repaired: 6 events/);

    const tap = await EventTap.open(namespace);
    const second = await startApp({ suite: 'restore', env: env() });
    try {
      const store = second.app.get<EventStore>(EVENT_STORE);
      expect((await store.readAll({ limit: 100 })).events.map((event) => event.id)).toEqual(order);
      const later = newEvent({ type: 'restore.tested', data: { i: 7 } });
      await store.append([{ subject: 's-7', events: [later], expectedVersion: ANY }]);
      // Only what was past the checkpoint, then the new event: nothing twice, nothing lost.
      const expected = [...order.slice(3), later.id];
      await eventually(() => (tap.messages.length >= expected.length ? true : undefined), {
        what: 'the pending and the new events on the broker',
        timeoutMs: 30_000,
      });
      expect(tap.messages.map((message) => message.properties.messageId)).toEqual(expected);
      expect((await store.readAll({ limit: 100 })).events.map((event) => event.id)).toEqual([
        ...order,
        later.id,
      ]);
    } finally {
      await tap.close();
      await second.app.close();
    }
  });

  it('leaves a store that is not ahead alone', async () => {
    expect(await runRepair(database.url)).toMatch(/nothing to repair/);
  });
});
