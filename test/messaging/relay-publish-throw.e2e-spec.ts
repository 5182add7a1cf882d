import type { Options } from 'amqplib';
import { ANY, EVENT_STORE, type EventStore } from '../../src/event-store';
import { unpublishableLetterId } from '../../src/messaging/relay/unpublishable';
import { startApp, type RunningApp } from '../support/app.fixture';
import { EventTap } from '../support/event-tap';
import { newEvent } from '../support/events';
import { eventually } from '../support/poll';

type Publish = (
  exchange: string,
  routingKey: string,
  content: Buffer,
  options?: Options.Publish,
  callback?: (error: unknown) => void,
) => boolean;

// The class behind every amqplib confirm channel, the relay's included.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ConfirmChannel } = require('amqplib/lib/channel_model') as {
  ConfirmChannel: { prototype: { publish: Publish } };
};

describe('relay: amqplib throws inside publish', () => {
  let herald: RunningApp;
  let tap: EventTap;

  beforeAll(async () => {
    herald = await startApp({ suite: 'relay-throw' });
    tap = await EventTap.open(herald.namespace);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await tap.close();
    await herald.close();
  });

  it('keeps its confirm bookkeeping exact: every event, the one that threw included, arrives once', async () => {
    const store = herald.app.get<EventStore>(EVENT_STORE);
    const events = Array.from({ length: 30 }, (_, i) => newEvent({ type: 'relay.tested', data: { i } }));
    const target = events[15].id;
    const original = ConfirmChannel.prototype.publish;
    let threw = 0;
    // The first publish of the target gets a messageId amqplib refuses, so the real amqplib throws
    // after it has queued the confirm callback, while the earlier events are still unconfirmed.
    jest.spyOn(ConfirmChannel.prototype, 'publish').mockImplementation(function (
      this: unknown,
      exchange,
      routingKey,
      content,
      options,
      callback,
    ) {
      const forced = options?.messageId === target && threw === 0;
      if (forced) threw++;
      const sent = forced ? { ...options, messageId: 'x'.repeat(300) } : options;
      return original.call(this, exchange, routingKey, content, sent, callback);
    });

    // One append, thirty subjects: one page, published back to back.
    await store.append(
      events.map((event, i) => ({ subject: `throw-${i}`, events: [event], expectedVersion: ANY })),
    );

    await eventually(() => (tap.messages.length >= events.length ? true : undefined), {
      what: 'all thirty events',
    });
    await eventually(async () => {
      const health = (await (await fetch(`${herald.url}/health`)).json()) as Record<string, any>;
      return health.details.outbox.pending === 0 ? true : undefined;
    });
    expect(threw).toBe(1);
    const ids = tap.messages.map((m) => m.properties.messageId as string);
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort());
    expect(await store.readDeadLetter(unpublishableLetterId(target))).toBeUndefined();
  });
});
