import { InvalidStoreInputError } from '../errors/invalid-store-input.error';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { ANY } from '../expected-version';
import type { AppendJob, GroupWriter, JobOutcome } from './append-job';
import { GroupAppender, type AppendQueueLimits } from './group-appender';

let n = 0;
/** A job of one event whose data is `size` bytes of JSON text. */
const job = (size = 10): AppendJob => {
  const id = `e-${++n}`;
  const data = 'x'.repeat(size - 2);
  const event = { id, type: 't', dataversion: 1, source: '/s', time: '2026-11-28T07:00:00.000Z', data };
  return { requests: [{ subject: id, events: [event], expectedVersion: ANY }] };
};
const driverError = (code: string) => Object.assign(new Error(`driver ${code}`), { code });

/** Records each group; `fail` decides whether a group's transaction throws; `gate` holds the first. */
class FakeWriter implements GroupWriter {
  readonly groups: AppendJob[][] = [];
  fail: (jobs: readonly AppendJob[]) => Error | undefined = () => undefined;
  private release?: () => void;
  private gate?: Promise<void>;

  constructor(readonly maxRows = 1000) {}

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  open(): void {
    this.release?.();
  }

  async write(jobs: readonly AppendJob[]): Promise<JobOutcome[]> {
    this.groups.push([...jobs]);
    const gate = this.gate;
    this.gate = undefined;
    await gate;
    const error = this.fail(jobs);
    if (error !== undefined) throw error;
    return jobs.map(() => ({ result: { events: [], duplicate: false } }));
  }

  sweepKeys(): Promise<number> {
    return Promise.resolve(0);
  }
}

const appenderOn = (writer: GroupWriter, limits: Partial<AppendQueueLimits> = {}) =>
  new GroupAppender(writer, { lostRace: () => false, onCommitted: () => undefined, limits });

/** Appends `jobs` while the writer holds its first group, so that the rest queue up behind it. */
function appendQueued(writer: FakeWriter, appender: GroupAppender, jobs: AppendJob[]) {
  writer.hold();
  const results = jobs.map((each) => appender.append(each));
  writer.open();
  return Promise.allSettled(results);
}

describe('GroupAppender', () => {
  it.each([['57014'], ['55P03'], ['40P01'], ['53200'], ['SQLITE_BUSY']])(
    'fails the whole group at once on a transient error (%s), without splitting it',
    async (code) => {
      const writer = new FakeWriter();
      const appender = appenderOn(writer);
      writer.fail = (jobs) => (jobs.length > 1 ? driverError(code) : undefined);
      const settled = await appendQueued(writer, appender, [job(), job(), job(), job(), job()]);
      // The first job commits alone; the four that queued behind it form one group.
      expect(writer.groups.map((group) => group.length)).toEqual([1, 4]);
      expect(settled[0].status).toBe('fulfilled');
      for (const outcome of settled.slice(1)) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
      }
    },
  );

  it('splits a group on an error of one job content until that job is alone', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer);
    const jobs = [job(), job(), job(), job(), job()];
    writer.fail = (group) => (group.includes(jobs[3]) ? driverError('22P05') : undefined);
    const settled = await appendQueued(writer, appender, jobs);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((settled[3] as PromiseRejectedResult).reason).toBeInstanceOf(InvalidStoreInputError);
  });

  it('queues a job whose data JSON cannot carry, for its group to fail it alone', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer);
    const bad = job();
    (bad.requests[0].events[0] as { data: unknown }).data = { n: 1n };
    writer.fail = (jobs) => (jobs.includes(bad) ? driverError('XX000') : undefined);
    const settled = await appendQueued(writer, appender, [job(), job(), bad]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });

  it('caps a group by bytes of event data, and lets a larger job run alone', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer, { maxGroupBytes: 100 });
    const jobs = [job(), job(40), job(40), job(40), job(500), job(10)];
    const settled = await appendQueued(writer, appender, jobs);
    expect(settled.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
    expect(writer.groups.map((group) => group.length)).toEqual([1, 2, 1, 1, 1]);
    expect(writer.groups[3]).toEqual([jobs[4]]);
  });

  it('still caps a group by the writer rows', async () => {
    const writer = new FakeWriter(2);
    const appender = appenderOn(writer);
    await appendQueued(writer, appender, [job(), job(), job(), job(), job()]);
    expect(writer.groups.map((group) => group.length)).toEqual([1, 2, 2]);
  });

  it('refuses appends as unavailable while too many jobs are waiting', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer, { maxWaitingJobs: 2 });
    const settled = await appendQueued(writer, appender, [job(), job(), job(), job()]);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    const refusal = (settled[3] as PromiseRejectedResult).reason as StoreUnavailableError;
    expect(refusal).toBeInstanceOf(StoreUnavailableError);
    expect(refusal.retryAfterSeconds).toBeGreaterThan(0);
    // Once the queue drained, appends are taken again.
    await expect(appender.append(job())).resolves.toMatchObject({ duplicate: false });
  });

  it('refuses appends as unavailable while too many bytes are waiting', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer, { maxWaitingBytes: 100 });
    const settled = await appendQueued(writer, appender, [job(), job(60), job(60), job(30)]);
    expect(settled.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect((settled[2] as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
  });

  it('takes a job larger than the waiting bound when nothing waits', async () => {
    const writer = new FakeWriter();
    const appender = appenderOn(writer, { maxWaitingBytes: 100 });
    const settled = await appendQueued(writer, appender, [job(), job(500)]);
    expect(settled.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
  });
});
