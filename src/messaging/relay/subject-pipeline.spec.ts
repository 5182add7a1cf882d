import type { StoredEvent } from '../../event-store';
import { SubjectPipeline, type Slot } from './subject-pipeline';

let position = 0;
const event = (subject: string): StoredEvent => {
  position++;
  return {
    id: `e-${position}`,
    type: 'test.happened',
    dataversion: 1,
    source: '/t',
    time: '2026-11-28T00:00:00Z',
    data: {},
    subject,
    streamVersion: 1,
    position,
    cursor: `c-${position}`,
  };
};

const drain = (pipeline: SubjectPipeline, now = 0): Slot[] => {
  const taken: Slot[] = [];
  for (let slot = pipeline.next(now); slot !== undefined; slot = pipeline.next(now)) taken.push(slot);
  return taken;
};

describe('SubjectPipeline', () => {
  it('offers one event per subject at a time, the oldest first', () => {
    const pipeline = new SubjectPipeline();
    const [a1, b1, a2, b2] = [event('a'), event('b'), event('a'), event('b')];
    pipeline.add([a1, b1, a2, b2]);
    const first = drain(pipeline);
    expect(first.map((slot) => slot.event)).toEqual([a1, b1]);
    pipeline.finished(first[1]);
    expect(drain(pipeline).map((slot) => slot.event)).toEqual([b2]);
  });

  it('publishes a failed event again before anything after it of its subject', () => {
    const pipeline = new SubjectPipeline();
    const [a1, a2] = [event('a'), event('a')];
    pipeline.add([a1, a2]);
    const [slot] = drain(pipeline);
    pipeline.failed(slot, 0);
    expect(drain(pipeline, 0)).toEqual([]);
    const due = pipeline.nextRetryAt();
    expect(due).toBeGreaterThan(0);
    expect(drain(pipeline, due).map((s) => s.event)).toEqual([a1]);
  });

  it('checkpoints only over the finished prefix of the global order', () => {
    const pipeline = new SubjectPipeline();
    const events = [event('a'), event('b'), event('c')];
    pipeline.add(events);
    const [sa, sb, sc] = drain(pipeline);
    pipeline.finished(sb);
    pipeline.finished(sc);
    expect(pipeline.checkpoint).toBeUndefined();
    pipeline.finished(sa);
    expect(pipeline.checkpoint).toBe(events[2].cursor);
    expect(pipeline.buffered).toBe(0);
  });
});
