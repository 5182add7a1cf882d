import { DuplicateEventIdError } from '../errors/duplicate-event-id.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { VersionConflictError } from '../errors/version-conflict.error';
import type { NewEvent } from '../event-store.port';
import { ANY, NO_STREAM } from '../expected-version';
import type { AppendJob, GroupSnapshot, InsertedRow, JobOutcome } from './append-job';
import { GroupSettlement } from './group-settlement';

let n = 0;
const event = (overrides: Partial<NewEvent> = {}): NewEvent => ({
  id: `e-${++n}`,
  type: 't',
  dataversion: 1,
  source: '/s',
  time: '2026-11-28T07:00:00.000Z',
  data: { n },
  ...overrides,
});
const job = (subject: string, events: NewEvent[], expectedVersion: number | typeof ANY = ANY): AppendJob => ({
  requests: [{ subject, events, expectedVersion }],
});
const empty: GroupSnapshot = { versions: new Map(), stored: new Map(), keys: new Map() };

/** Inserts the settlement's rows with positions handed out in reverse, as RETURNING may. */
function settle(jobs: AppendJob[], snapshot = empty): JobOutcome[] {
  const settlement = new GroupSettlement(jobs, snapshot, 1_000);
  const inserted = new Map<string, InsertedRow>(
    [...settlement.rows].reverse().map((row, i) => [row.id, { position: 100 - i, tx: '7' }]),
  );
  return settlement.finish(inserted).outcomes;
}
const result = (outcome: JobOutcome) => {
  if ('error' in outcome) throw outcome.error;
  return outcome.result;
};

describe('GroupSettlement', () => {
  it('settles a group in arrival order: versions follow on, positions are matched by id', () => {
    const [a, b] = [event(), event()];
    const outcomes = settle([job('s', [a], NO_STREAM), job('s', [b], 1)]);
    expect(result(outcomes[0]).events[0]).toMatchObject({ id: a.id, streamVersion: 1, position: 99 });
    expect(result(outcomes[1]).events[0]).toMatchObject({ id: b.id, streamVersion: 2, position: 100 });
  });

  it('fails only the job whose expected version the jobs before it have passed', () => {
    const outcomes = settle([job('s', [event()], NO_STREAM), job('s', [event()], NO_STREAM)]);
    expect(result(outcomes[0]).duplicate).toBe(false);
    expect(outcomes[1]).toEqual({ error: expect.any(VersionConflictError) });
    expect((outcomes[1] as { error: VersionConflictError }).error.currentVersion).toBe(1);
  });

  it('answers the same id twice with the one event, and other content with a 409 error', () => {
    const a = event();
    const outcomes = settle([job('s', [a]), job('s', [a]), job('s', [{ ...a, data: { other: true } }])]);
    expect(result(outcomes[1])).toEqual({ events: result(outcomes[0]).events, duplicate: true });
    expect(outcomes[2]).toEqual({ error: expect.any(DuplicateEventIdError) });
  });

  it('answers the same key and request with the first one’s response, another request with an error', () => {
    const claim = (requestHash: string) => ({
      key: 'k',
      requestHash,
      ttlMs: 60_000,
      render: (r: { events: readonly { id: string }[] }) => ({ id: r.events[0].id }),
    });
    const settlement = new GroupSettlement(
      [
        { ...job('a', [event()]), idempotency: claim('h') },
        { ...job('b', [event()]), idempotency: claim('h') },
        { ...job('c', [event()]), idempotency: claim('other') },
      ],
      empty,
      1_000,
    );
    expect(settlement.rows).toHaveLength(1);
    const { outcomes, keys } = settlement.finish(
      new Map([[settlement.rows[0].id, { position: 1, tx: '0' }]]),
    );
    expect(result(outcomes[1])).toEqual({
      events: [],
      duplicate: true,
      idempotentResponse: { id: settlement.rows[0].id },
    });
    expect(outcomes[2]).toEqual({ error: expect.any(IdempotencyKeyReusedError) });
    expect(keys).toEqual([expect.objectContaining({ key: 'k', requestHash: 'h', createdAt: 1_000 })]);
  });
});
