/**
 * What an append expects of its stream: {@link ANY} version, {@link NO_STREAM} (it must not exist
 * yet), or exactly version n (a positive integer).
 */
export type ExpectedVersion = typeof ANY | number;

/** Append whatever the stream's version. */
export const ANY = 'any' as const;

/** The stream must not exist yet (API: `expectedVersion: 0`). */
export const NO_STREAM = 0 as const;

/** Whether a stream at `current` satisfies `expected`. */
export function matchesExpectedVersion(expected: ExpectedVersion, current: number): boolean {
  return expected === ANY || expected === current;
}
