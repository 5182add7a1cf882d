/** The database could not be reached or refused the operation; nothing was stored. HTTP 503. */
export class StoreUnavailableError extends Error {
  readonly code = 'event-store.unavailable';

  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`event store unavailable: ${reason}`, options);
    this.name = 'StoreUnavailableError';
  }
}
