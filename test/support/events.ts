import { v7 as uuidv7 } from 'uuid';
import type { NewEvent } from '../../src/event-store';

/** A new event with sensible defaults; override what a test is about. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: uuidv7(),
    type: 'test.happened',
    dataversion: 1,
    source: '/herald/tests',
    time: new Date().toISOString(),
    data: { n: 1 },
    ...overrides,
  };
}
