import { createHash } from 'node:crypto';
import type { DeadLetter, EventStore, StoredEvent } from '../../event-store';
import { toEnvelope } from '../envelope';

/** The `handler` of the dead letters the relay parks. */
export const RELAY_HANDLER = 'outbox-relay';

/**
 * The id of the dead letter of an unpublishable event: derived from the event id, so that a relay
 * that parks the same event again (after a crash or a change of leader) finds it already parked.
 */
export function unpublishableLetterId(eventId: string): string {
  const hex = createHash('sha256').update(`unpublishable\0${eventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Archives an event the relay cannot publish as a dead letter of kind `unpublishable`.
 * @returns false when it was already parked.
 */
export async function parkUnpublishable(
  store: EventStore,
  event: StoredEvent,
  reason: string,
): Promise<boolean> {
  const id = unpublishableLetterId(event.id);
  if ((await store.readDeadLetter(id)) !== undefined) return false;
  const now = new Date().toISOString();
  const letter: DeadLetter = {
    id,
    eventId: event.id,
    type: event.type,
    handler: RELAY_HANDLER,
    reason,
    errorKind: 'unpublishable',
    attempts: 1,
    firstFailedAt: now,
    lastFailedAt: now,
    event: toEnvelope(event),
  };
  await store.archiveDeadLetter(letter);
  return true;
}
