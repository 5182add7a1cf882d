import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { startApp } from '../support/app.fixture';
import { createPostgresDatabase, type TestDatabase } from '../support/databases';
import { newEvent } from '../support/events';
import { EventTap } from '../support/event-tap';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { deleteNamespace } from '../support/broker';

describe('outbox across a restart (PostgreSQL)', () => {
  let database: TestDatabase;
  const namespace = uniqueNamespace('restart');

  beforeAll(async () => {
    database = await createPostgresDatabase('restart');
  });
  afterAll(async () => {
    await database.drop();
    await deleteNamespace(namespace);
  });

  it('publishes after a restart what was appended but not yet published', async () => {
    const env = { DATABASE_URL: database.url, HERALD_NAMESPACE: namespace };
    // First process: accepts appends, but its relay never reaches a broker.
    const first = await startApp({
      suite: 'restart',
      env: { ...env, AMQP_URL: 'amqp://guest:guest@127.0.0.1:1' },
    });
    const store = first.app.get<EventStore>(EVENT_STORE);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = newEvent({ type: 'restart.tested', data: { i } });
      ids.push(event.id);
      await store.append([{ subject: `s-${i % 3}`, events: [event], expectedVersion: ANY }]);
    }
    await first.app.close();

    const tap = await EventTap.open(namespace);
    const second = await startApp({ suite: 'restart', env });
    try {
      await eventually(() => (tap.messages.length >= 20 ? true : undefined), {
        what: 'the 20 pending events after the restart',
        timeoutMs: 30_000,
      });
      const outbox = await eventually(async () => {
        const body = (await (await fetch(`${second.url}/health`)).json()) as Record<string, any>;
        return body.details.outbox.pending === 0 ? body.details.outbox : undefined;
      });
      expect(outbox.status).toBe('up');
      expect(tap.messages.map((m) => m.properties.messageId)).toEqual(ids);
    } finally {
      await tap.close();
      await second.app.close();
    }
  });
});
