import type { ChildProcess } from 'node:child_process';
import { deleteNamespace } from '../support/broker';
import { createSqliteDatabase } from '../support/databases';
import { EventTap } from '../support/event-tap';
import { request } from '../support/http';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { exitOf, spawnHerald } from '../support/process';

const randomPort = () => String(20_000 + Math.floor(Math.random() * 20_000));

describe('one process per SQLite file', () => {
  const database = createSqliteDatabase();
  const namespace = uniqueNamespace('sqlite-single');
  const children: ChildProcess[] = [];
  let tap: EventTap;

  const start = (roles: string, port = randomPort()) => {
    const child = spawnHerald({
      PORT: port,
      HOST: '127.0.0.1',
      HERALD_NAMESPACE: namespace,
      HERALD_ROLES: roles,
      DATABASE_URL: database.url,
      LEGACY_QUEUE: `${namespace}.order_events`,
    });
    children.push(child);
    return { child, url: `http://127.0.0.1:${port}` };
  };
  const live = async (url: string) =>
    (await request(url, 'GET', '/health/live').catch(() => undefined))?.status === 200 ? true : undefined;

  beforeAll(async () => {
    tap = await EventTap.open(namespace);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await tap.close();
    await deleteNamespace(namespace);
    await database.drop();
  });

  it('refuses a second process, and frees the file at once when the first is killed', async () => {
    const first = start('api');
    await eventually(() => live(first.url), { what: 'the first process to serve', timeoutMs: 45_000 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(first.url, 'POST', '/events', {
        json: { type: 'inventory.reserved', data: { orderId: `o-${i}`, lines: [{ productId: 'p', quantity: 1 }] } },
      });
      expect(res.status).toBe(202);
      ids.push(res.body.id as string);
    }

    const second = start('api');
    expect(await exitOf(second.child, 45_000)).not.toBe(0);
    expect(second.child.output()).toMatch(/already in use by another Herald process/);
    expect(second.child.output()).toMatch(/use PostgreSQL/);
    expect(await live(first.url)).toBe(true);
    // The api-only process has no relay: nothing was published yet.
    expect(tap.messages).toHaveLength(0);

    first.child.kill('SIGKILL');
    await exitOf(first.child, 10_000);
    const third = start('worker');
    await eventually(() => (tap.messages.length >= 3 ? true : undefined), {
      what: 'the worker on the same file to publish the pending events',
      timeoutMs: 45_000,
    });
    expect(tap.messages.map((message) => message.properties.messageId)).toEqual(ids);
    expect(third.child.exitCode).toBeNull();
  });
});
