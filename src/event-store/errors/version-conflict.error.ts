import type { ExpectedVersion } from '../expected-version';

/** A stream was not at the version an append expected. Maps to HTTP 409 at the edge. */
export class VersionConflictError extends Error {
  readonly code = 'event-store.version-conflict';

  constructor(
    readonly subject: string,
    readonly expectedVersion: ExpectedVersion,
    readonly currentVersion: number,
  ) {
    super(`stream ${subject} is at version ${currentVersion}, expected ${String(expectedVersion)}`);
    this.name = 'VersionConflictError';
  }
}

/** Type guard for {@link VersionConflictError}. */
export const isVersionConflict = (error: unknown): error is VersionConflictError =>
  error instanceof VersionConflictError;
