/** An `Idempotency-Key` came back with a different request within its lifetime. HTTP 422. */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'event-store.idempotency-key-reused';

  constructor(readonly key: string) {
    super(`Idempotency-Key ${JSON.stringify(key)} was already used for a different request`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
