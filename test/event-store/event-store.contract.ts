import {
  ANY,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  NO_STREAM,
  VersionConflictError,
  type EventStore,
  type StoredEvent,
} from '../../src/event-store';
import { BACKLOG_EXACT_LIMIT } from '../../src/event-store/kysely/outbox-backlog';
import { newEvent } from '../support/events';

/** How a contract run gets a fresh, migrated store. */
export interface StoreHarness {
  readonly name: string;
  open(): Promise<EventStore>;
  teardown(): Promise<void>;
}

const subjectOf = (label: string) => `${label}-${Math.random().toString(36).slice(2, 10)}`;

/**
 * Runs `appends` while an unrelated append holds the store's writer, so that a group-committing
 * store settles them together, in one transaction.
 */
async function inOneGroup<T>(store: EventStore, appends: () => Array<Promise<T>>) {
  const busy = store.append([{ subject: subjectOf('busy'), events: [newEvent()], expectedVersion: ANY }]);
  const results = await Promise.allSettled(appends());
  await busy;
  return results;
}

/** The values of settled promises; throws the first rejection. */
function fulfilled<T>(results: PromiseSettledResult<T>[]): T[] {
  return results.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
}

/**
 * The behaviour every {@link EventStore} adapter must have. Each adapter's e2e spec runs this
 * once with its own harness.
 */
export function eventStoreContract(harness: StoreHarness): void {
  describe(`EventStore contract on ${harness.name}`, () => {
    let store: EventStore;

    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await store.close();
      await harness.teardown();
    });

    describe('streams', () => {
      it('appends to a new stream with versions from 1 and increasing global positions', async () => {
        const subject = subjectOf('order');
        const events = [newEvent(), newEvent(), newEvent()];
        const { events: stored, duplicate } = await store.append([
          { subject, events, expectedVersion: NO_STREAM },
        ]);
        expect(duplicate).toBe(false);
        expect(stored.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
        expect(stored[1].position).toBeGreaterThan(stored[0].position);
        expect(stored[2].position).toBeGreaterThan(stored[1].position);

        const stream = await store.readStream(subject);
        expect(stream.version).toBe(3);
        expect(stream.events.map((e) => e.id)).toEqual(events.map((e) => e.id));
        expect((await store.readStream(subject, 2)).events.map((e) => e.streamVersion)).toEqual([2, 3]);
        expect(await store.streamVersion(subject)).toBe(3);
        expect(await store.streamVersion(subjectOf('none'))).toBe(0);
      });

      it('stores every envelope field and reads one event back by id', async () => {
        const event = newEvent({
          data: { nested: { list: [1, 'two'] }, zeta: 1, alpha: true },
          correlationId: 'corr-1',
          causationId: 'cause-1',
          traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
          tracestate: 'vendor=x',
        });
        const subject = subjectOf('fields');
        await store.append([{ subject, events: [event], expectedVersion: ANY }]);
        const read = await store.readEvent(event.id);
        expect(read).toMatchObject({ ...event, subject, streamVersion: 1 });
        expect(await store.readEvent('00000000-0000-7000-8000-000000000000')).toBeUndefined();
      });

      it('enforces an exact expected version and reports the current one', async () => {
        const subject = subjectOf('exact');
        await store.append([{ subject, events: [newEvent(), newEvent()], expectedVersion: NO_STREAM }]);
        await expect(
          store.append([{ subject, events: [newEvent()], expectedVersion: 1 }]),
        ).rejects.toMatchObject({
          constructor: VersionConflictError,
          currentVersion: 2,
          expectedVersion: 1,
        });
        await expect(
          store.append([{ subject, events: [newEvent()], expectedVersion: NO_STREAM }]),
        ).rejects.toBeInstanceOf(VersionConflictError);
        const ok = await store.append([{ subject, events: [newEvent()], expectedVersion: 2 }]);
        expect(ok.events[0].streamVersion).toBe(3);
      });

      it('lets exactly one of concurrent appends at the same expected version win', async () => {
        const subject = subjectOf('race');
        await store.append([{ subject, events: [newEvent()], expectedVersion: NO_STREAM }]);
        const results = await Promise.allSettled(
          Array.from({ length: 8 }, () =>
            store.append([{ subject, events: [newEvent()], expectedVersion: 1 }]),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(7);
        for (const { reason } of lost)
          expect(reason).toMatchObject({ constructor: VersionConflictError, currentVersion: 2 });
        expect(await store.streamVersion(subject)).toBe(2);
      });

      it('serialises concurrent appends with any expected version without losing one', async () => {
        const subject = subjectOf('any');
        await Promise.all(
          Array.from({ length: 6 }, () =>
            store.append([{ subject, events: [newEvent()], expectedVersion: ANY }]),
          ),
        );
        const { events } = await store.readStream(subject);
        expect(events.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
      });
    });

    describe('idempotency and atomicity', () => {
      it('returns the original result for a retried append instead of storing a duplicate', async () => {
        const subject = subjectOf('retry');
        const events = [newEvent(), newEvent()];
        const first = await store.append([{ subject, events, expectedVersion: NO_STREAM }]);
        const again = await store.append([{ subject, events, expectedVersion: NO_STREAM }]);
        expect(again.duplicate).toBe(true);
        expect(again.events.map((e) => [e.id, e.position, e.streamVersion])).toEqual(
          first.events.map((e) => [e.id, e.position, e.streamVersion]),
        );
        expect((await store.readStream(subject)).version).toBe(2);
      });

      it('refuses an id reused for a different event', async () => {
        const event = newEvent();
        await store.append([{ subject: subjectOf('a'), events: [event], expectedVersion: ANY }]);
        await expect(
          store.append([
            { subject: subjectOf('b'), events: [{ ...event, type: 'other.type' }], expectedVersion: ANY },
          ]),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
      });

      it('stores nothing when one request of a multi-stream append conflicts', async () => {
        const [a, b] = [subjectOf('all'), subjectOf('none')];
        await store.append([{ subject: b, events: [newEvent()], expectedVersion: NO_STREAM }]);
        await expect(
          store.append([
            { subject: a, events: [newEvent()], expectedVersion: NO_STREAM },
            { subject: b, events: [newEvent()], expectedVersion: NO_STREAM },
          ]),
        ).rejects.toBeInstanceOf(VersionConflictError);
        expect(await store.streamVersion(a)).toBe(0);
        expect(await store.streamVersion(b)).toBe(1);
      });
    });

    describe('group commit', () => {
      it('gives many concurrent appends with any expected version distinct consecutive versions', async () => {
        const subject = subjectOf('many');
        const results = await Promise.all(
          Array.from({ length: 50 }, () =>
            store.append([{ subject, events: [newEvent()], expectedVersion: ANY }]),
          ),
        );
        const versions = results.map((r) => r.events[0].streamVersion);
        expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        const { events } = await store.readStream(subject);
        expect(events.map((e) => e.streamVersion)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        // Stream order and global order agree, so the relay publishes a stream in order.
        const positions = events.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
        expect(results.map((r) => r.events[0].id).sort()).toEqual(events.map((e) => e.id).sort());
      });

      it('commits concurrent appends in fewer transactions than appends', async () => {
        let commits = 0;
        const off = store.onAppended(() => commits++);
        await Promise.all(
          Array.from({ length: 40 }, () =>
            store.append([{ subject: subjectOf('g'), events: [newEvent()], expectedVersion: ANY }]),
          ),
        );
        off();
        expect(commits).toBeGreaterThan(0);
        expect(commits).toBeLessThan(10);
      });

      it('answers each append of a group on its own: a conflict fails only its append', async () => {
        const taken = subjectOf('taken');
        await store.append([{ subject: taken, events: [newEvent()], expectedVersion: NO_STREAM }]);
        const free = Array.from({ length: 6 }, () => subjectOf('free'));
        const results = await Promise.allSettled([
          ...free.map((subject) =>
            store.append([{ subject, events: [newEvent()], expectedVersion: NO_STREAM }]),
          ),
          store.append([{ subject: taken, events: [newEvent()], expectedVersion: NO_STREAM }]),
        ]);
        expect(results.slice(0, 6).every((r) => r.status === 'fulfilled')).toBe(true);
        expect(results[6]).toMatchObject({
          status: 'rejected',
          reason: { constructor: VersionConflictError, currentVersion: 1 },
        });
        for (const subject of free) expect(await store.streamVersion(subject)).toBe(1);
        expect(await store.streamVersion(taken)).toBe(1);
      });

      it('fails only the append that breaks its transaction, and stores the others', async () => {
        const good = Array.from({ length: 8 }, () => subjectOf('good'));
        const bad = subjectOf('bad');
        const results = await Promise.allSettled([
          ...good.map((subject) => store.append([{ subject, events: [newEvent()], expectedVersion: ANY }])),
          // JSON cannot carry a BigInt: this append fails while its group is being written.
          store.append([{ subject: bad, events: [newEvent({ data: { n: 1n } })], expectedVersion: ANY }]),
        ]);
        expect(results.slice(0, 8).map((r) => r.status)).toEqual(Array(8).fill('fulfilled'));
        expect(results[8].status).toBe('rejected');
        for (const subject of good) expect(await store.streamVersion(subject)).toBe(1);
        expect(await store.streamVersion(bad)).toBe(0);
      });

      it('stores the same id in flight twice once, and answers both with the stored event', async () => {
        const event = newEvent();
        const subject = subjectOf('twice');
        const settled = await inOneGroup(store, () => [
          store.append([{ subject, events: [event], expectedVersion: ANY }]),
          store.append([{ subject, events: [event], expectedVersion: ANY }]),
        ]);
        const [a, b] = fulfilled(settled);
        expect(a.events[0]).toEqual(b.events[0]);
        expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
        expect((await store.readStream(subject)).events.map((e) => e.id)).toEqual([event.id]);
      });

      it('refuses the same id with different data, stored or in flight', async () => {
        const event = newEvent({ data: { n: 1 } });
        const subject = subjectOf('diff');
        const results = await inOneGroup(store, () => [
          store.append([{ subject, events: [event], expectedVersion: ANY }]),
          store.append([{ subject, events: [{ ...event, data: { n: 2 } }], expectedVersion: ANY }]),
        ]);
        expect(results[0].status).toBe('fulfilled');
        expect(results[1]).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
        await expect(
          store.append([{ subject, events: [{ ...event, source: '/elsewhere' }], expectedVersion: ANY }]),
        ).rejects.toBeInstanceOf(DuplicateEventIdError);
        // The same content with keys in another order is the same event.
        const same = await store.append([
          { subject, events: [{ ...event, data: JSON.parse('{"n":1}') }], expectedVersion: ANY },
        ]);
        expect(same).toMatchObject({ duplicate: true, events: [{ id: event.id, streamVersion: 1 }] });
      });
    });

    describe('idempotency keys', () => {
      const claim = (key: string, requestHash: string, ttlMs = 60_000) => ({
        key,
        requestHash,
        ttlMs,
        render: (result: { events: readonly StoredEvent[] }) => ({ ids: result.events.map((e) => e.id) }),
      });

      it('answers a repeated key and request with the recorded response, appending nothing', async () => {
        const key = subjectOf('key');
        const subject = subjectOf('idem');
        const first = await store.append([{ subject, events: [newEvent()], expectedVersion: ANY }], {
          idempotency: claim(key, 'h1'),
        });
        expect(first.idempotentResponse).toBeUndefined();
        const again = await store.append([{ subject, events: [newEvent()], expectedVersion: ANY }], {
          idempotency: claim(key, 'h1'),
        });
        expect(again.duplicate).toBe(true);
        expect(again.idempotentResponse).toEqual({ ids: [first.events[0].id] });
        expect(await store.streamVersion(subject)).toBe(1);
      });

      it('answers the same key and request in flight twice with the same response', async () => {
        const key = subjectOf('key');
        const subject = subjectOf('inflight');
        const [a, b] = fulfilled(
          await inOneGroup(store, () =>
            [0, 1].map(() =>
              store.append([{ subject, events: [newEvent()], expectedVersion: ANY }], {
                idempotency: claim(key, 'h1'),
              }),
            ),
          ),
        );
        const first = a.idempotentResponse === undefined ? a : b;
        const second = first === a ? b : a;
        expect(first.idempotentResponse).toBeUndefined();
        expect(second).toMatchObject({ duplicate: true, idempotentResponse: { ids: [first.events[0].id] } });
        expect(await store.streamVersion(subject)).toBe(1);
      });

      it('refuses the key with a different request in flight', async () => {
        const key = subjectOf('key');
        const results = await inOneGroup(store, () =>
          ['h1', 'h2'].map((hash) =>
            store.append([{ subject: subjectOf('i'), events: [newEvent()], expectedVersion: ANY }], {
              idempotency: claim(key, hash),
            }),
          ),
        );
        expect(results[0].status).toBe('fulfilled');
        expect(results[1]).toMatchObject({
          status: 'rejected',
          reason: expect.any(IdempotencyKeyReusedError),
        });
      });

      it('refuses the key with a different request', async () => {
        const key = subjectOf('key');
        await store.append([{ subject: subjectOf('i'), events: [newEvent()], expectedVersion: ANY }], {
          idempotency: claim(key, 'h1'),
        });
        await expect(
          store.append([{ subject: subjectOf('i'), events: [newEvent()], expectedVersion: ANY }], {
            idempotency: claim(key, 'h2'),
          }),
        ).rejects.toBeInstanceOf(IdempotencyKeyReusedError);
      });

      it('forgets a key after its lifetime', async () => {
        const key = subjectOf('key');
        const subject = subjectOf('ttl');
        await store.append([{ subject, events: [newEvent()], expectedVersion: ANY }], {
          idempotency: claim(key, 'h', 1),
        });
        await new Promise((resolve) => setImmediate(resolve));
        const later = Date.now() + 5;
        while (Date.now() < later) await new Promise((resolve) => setImmediate(resolve));
        const again = await store.append([{ subject, events: [newEvent()], expectedVersion: ANY }], {
          idempotency: claim(key, 'other', 1),
        });
        expect(again.duplicate).toBe(false);
        expect(await store.streamVersion(subject)).toBe(2);
      });
    });

    describe('the global order', () => {
      it('pages through every event once, in order, and filters by type', async () => {
        const type = `paging.${subjectOf('t')}`;
        const appended: StoredEvent[] = [];
        for (let i = 0; i < 5; i++) {
          const { events } = await store.append([
            { subject: subjectOf('p'), events: [newEvent({ type, data: { i } })], expectedVersion: ANY },
          ]);
          appended.push(...events);
        }
        const seen: StoredEvent[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.readAll({ after, limit: 2, type });
          if (page.events.length === 0) {
            expect(page.next).toBe(after);
            break;
          }
          seen.push(...page.events);
          after = page.next ?? undefined;
        }
        expect(seen.map((e) => e.id)).toEqual(appended.map((e) => e.id));
        // A tailing reader keeps its cursor: a later append shows up after it.
        const later = await store.append([
          { subject: subjectOf('p'), events: [newEvent({ type })], expectedVersion: ANY },
        ]);
        expect((await store.readAll({ after, type })).events.map((e) => e.id)).toEqual([later.events[0].id]);
      });

      it('reads back 10,000 events in order', async () => {
        const type = `bulk.${subjectOf('t')}`;
        const ids: string[] = [];
        for (let batch = 0; batch < 10; batch++) {
          const events = Array.from({ length: 1000 }, (_, i) =>
            newEvent({ type, data: { i: batch * 1000 + i } }),
          );
          ids.push(...events.map((e) => e.id));
          await store.append([{ subject: subjectOf('bulk'), events, expectedVersion: NO_STREAM }]);
        }
        const read: string[] = [];
        let previous = 0;
        let after: string | undefined;
        for (;;) {
          const page = await store.readAll({ after, limit: 1000, type });
          if (page.events.length === 0) break;
          for (const event of page.events) {
            expect(event.position).toBeGreaterThan(previous);
            previous = event.position;
            read.push(event.id);
          }
          after = page.next ?? undefined;
        }
        expect(read).toHaveLength(10_000);
        expect(read).toEqual(ids);

        const replayed: string[] = [];
        const count = await store.replay((event) => void replayed.push(event.id), { type, batchSize: 750 });
        expect(count).toBe(10_000);
        expect(replayed).toEqual(ids);
      });

      it('refuses a cursor it did not issue', async () => {
        await expect(store.readAll({ after: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      });

      it('finds the events of a business transaction by correlation id', async () => {
        const correlationId = subjectOf('corr');
        const first = newEvent({ correlationId });
        const second = newEvent({ correlationId, causationId: first.id });
        await store.append([{ subject: subjectOf('c'), events: [first, second], expectedVersion: ANY }]);
        await store.append([{ subject: subjectOf('c'), events: [newEvent()], expectedVersion: ANY }]);
        const events = await store.readCorrelation(correlationId);
        expect(events.map((e) => [e.id, e.causationId])).toEqual([
          [first.id, undefined],
          [second.id, first.id],
        ]);
      });
    });

    describe('outbox bookkeeping', () => {
      it('counts what is past the relay checkpoint and forgets what was published', async () => {
        const relay = subjectOf('relay');
        const countAfter = async (after?: string) => {
          let count = 0;
          for (let page = await store.readAll({ after, limit: 1000 }); page.events.length > 0;) {
            count += page.events.length;
            page = await store.readAll({ after: page.next ?? undefined, limit: 1000 });
          }
          return count;
        };
        const total = await countAfter();
        expect(total).toBeGreaterThan(0);
        expect(await store.relayCheckpoint(relay)).toBeUndefined();
        const before = await store.outboxBacklog(relay);
        // A backlog too large to count cheaply is estimated from above.
        if (before.estimated) expect(before.pending).toBeGreaterThanOrEqual(total);
        else expect(before.pending).toBe(total);
        expect(before.oldestAgeMs).toBeGreaterThanOrEqual(0);

        const { events } = await store.append([
          { subject: subjectOf('o'), events: [newEvent(), newEvent()], expectedVersion: ANY },
        ]);
        const session = (await store.leadRelay(relay, { leaseMs: 5_000 }))!;
        try {
          await session.saveCheckpoint(events[0].cursor);
          expect(await store.relayCheckpoint(relay)).toBe(events[0].cursor);
          expect((await store.outboxBacklog(relay)).pending).toBe(1);
          await session.saveCheckpoint(events[1].cursor);
          expect(await store.outboxBacklog(relay)).toEqual({ pending: 0, oldestAgeMs: 0 });
          // A checkpoint never moves backwards.
          await session.saveCheckpoint(events[0].cursor);
          expect(await session.checkpoint()).toBe(events[1].cursor);
        } finally {
          await session.release();
        }
      });

      it('counts a small backlog exactly and estimates a large one from positions', async () => {
        const relay = subjectOf('estimate');
        const { events } = await store.append([
          {
            subject: subjectOf('bulk'),
            events: Array.from({ length: BACKLOG_EXACT_LIMIT + 10 }, () => newEvent()),
            expectedVersion: NO_STREAM,
          },
        ]);
        const session = (await store.leadRelay(relay, { leaseMs: 5_000 }))!;
        try {
          await session.saveCheckpoint(events[0].cursor);
          const large = await store.outboxBacklog(relay);
          expect(large.estimated).toBe(true);
          expect(large.pending).toBeGreaterThanOrEqual(BACKLOG_EXACT_LIMIT + 9);

          await session.saveCheckpoint(events.at(-6)!.cursor);
          const small = await store.outboxBacklog(relay);
          expect(small).toMatchObject({ pending: 5 });
          expect(small.estimated).toBeUndefined();
        } finally {
          await session.release();
        }
      });

      it('tells listeners after an append commits, not after a retried one', async () => {
        let calls = 0;
        const off = store.onAppended(() => calls++);
        const events = [newEvent()];
        await store.append([{ subject: subjectOf('l'), events, expectedVersion: ANY }]);
        expect(calls).toBe(1);
        off();
        await store.append([{ subject: subjectOf('l'), events: [newEvent()], expectedVersion: ANY }]);
        expect(calls).toBe(1);
      });

      it('elects this process as relay leader', async () => {
        const relay = subjectOf('lead');
        const session = await store.leadRelay(relay, { leaseMs: 5_000 });
        expect(session).toBeDefined();
        await session!.confirmLock();
        await session!.release();
      });

      it('archives a dead letter with its reason and reads it back', async () => {
        const letter = {
          id: subjectOf('dl'),
          eventId: subjectOf('ev'),
          type: 'order.created',
          handler: 'legacy-ingress',
          reason: '/data/userId is required',
          errorKind: 'poison' as const,
          attempts: 1,
          firstFailedAt: '2026-11-27T21:00:00.000Z',
          lastFailedAt: '2026-11-27T21:00:00.000Z',
          event: { raw: 'not json {' },
        };
        await store.archiveDeadLetter(letter);
        expect(await store.readDeadLetter(letter.id)).toEqual(letter);
        expect(await store.readDeadLetter('missing')).toBeUndefined();
      });

      it('answers a ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });
  });
}
