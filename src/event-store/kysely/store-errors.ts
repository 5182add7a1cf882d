import { InvalidCursorError } from '../cursor';
import { DuplicateEventIdError } from '../errors/duplicate-event-id.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { VersionConflictError } from '../errors/version-conflict.error';

/** Errors that carry their own meaning and pass through unchanged. */
const DOMAIN_ERRORS = [
  VersionConflictError,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  StoreUnavailableError,
];

/**
 * Maps a driver error to the store's vocabulary: domain errors pass through, anything else means
 * the store could not do the work (connection refused, timeout, server shutting down, disk full).
 */
export function toStoreError(error: unknown): Error {
  if (DOMAIN_ERRORS.some((kind) => error instanceof kind)) return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreUnavailableError(message, { cause: error });
}
