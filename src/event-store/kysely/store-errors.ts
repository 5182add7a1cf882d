import { InvalidCursorError } from '../cursor';
import { DuplicateEventIdError } from '../errors/duplicate-event-id.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { InvalidStoreInputError } from '../errors/invalid-store-input.error';
import { StoreFaultError } from '../errors/store-fault.error';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { VersionConflictError } from '../errors/version-conflict.error';
import { classifyDriverError } from './driver-errors';

/** Errors that carry their own meaning and pass through unchanged. */
const DOMAIN_ERRORS = [
  VersionConflictError,
  DuplicateEventIdError,
  IdempotencyKeyReusedError,
  InvalidCursorError,
  StoreUnavailableError,
  InvalidStoreInputError,
  StoreFaultError,
];

/**
 * Maps a driver error to the store's vocabulary: domain errors pass through; a failure that may
 * pass becomes {@link StoreUnavailableError}, a value the database refuses for good
 * {@link InvalidStoreInputError}, anything else {@link StoreFaultError}. The driver's text stays
 * in `cause`, never in the message.
 */
export function toStoreError(error: unknown): Error {
  if (DOMAIN_ERRORS.some((kind) => error instanceof kind)) return error as Error;
  const verdict = classifyDriverError(error);
  switch (verdict.kind) {
    case 'unavailable':
      return new StoreUnavailableError(verdict.reason, { cause: error });
    case 'invalid-input':
      return new InvalidStoreInputError(verdict.reason, { cause: error });
    case 'fault':
      return new StoreFaultError({ cause: error });
    default: {
      const never: never = verdict;
      return never;
    }
  }
}
