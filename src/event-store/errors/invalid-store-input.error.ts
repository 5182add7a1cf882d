/**
 * The database refused a value for good (a `\u0000` in a string, a value too large to index, a
 * broken constraint): the same request will fail every time, so it must not be retried. HTTP 422
 * at the edge; a dead letter on a message ingress.
 */
export class InvalidStoreInputError extends Error {
  readonly code = 'event-store.invalid-input';

  /** @param reason plain words naming what is wrong, never the driver's text. */
  constructor(
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`the event store cannot hold this request: ${reason}`, options);
    this.name = 'InvalidStoreInputError';
  }
}
