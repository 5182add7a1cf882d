/**
 * An event id is already stored with different content, or a retried append is only partly
 * stored. A retried append must repeat the original request exactly. HTTP 409 at the edge.
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'event-store.duplicate-event-id';

  constructor(readonly eventId: string) {
    super(`event ${eventId} is already stored by a different append`);
    this.name = 'DuplicateEventIdError';
  }
}
