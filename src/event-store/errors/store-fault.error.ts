/**
 * The database failed in a way Herald does not recognise. The detail stays in `cause` and in the
 * server log; HTTP 500 at the edge, with no driver text in the body.
 */
export class StoreFaultError extends Error {
  readonly code = 'event-store.fault';

  constructor(options?: { cause?: unknown }) {
    super('the event store failed unexpectedly', options);
    this.name = 'StoreFaultError';
  }

  /** The driver's own message, for the server log only. */
  get detail(): string {
    const cause = this.cause;
    return cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
  }
}
