/** How long a client should wait before retrying when the store is unavailable, in seconds. */
export const STORE_RETRY_AFTER_SECONDS = 1;

/**
 * The database could not be reached or could not do the work now (connection lost, timeout,
 * serialization failure, server shutting down, disk full); nothing was stored and the same request
 * may succeed later. HTTP 503 with `Retry-After` at the edge.
 */
export class StoreUnavailableError extends Error {
  readonly code = 'event-store.unavailable';
  /** Seconds to wait before a retry. @default 1 */
  readonly retryAfterSeconds: number;

  /** @param reason plain words, never the driver's text: it may reach an HTTP client. */
  constructor(
    readonly reason: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(`event store unavailable: ${reason}`, options);
    this.name = 'StoreUnavailableError';
    this.retryAfterSeconds = options?.retryAfterSeconds ?? STORE_RETRY_AFTER_SECONDS;
  }
}
