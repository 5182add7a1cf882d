import type { AppendRequest, AppendResult, IdempotencyClaim, StoredEvent } from '../event-store.port';

/** One call of `append`: its requests are stored all together or not at all. */
export interface AppendJob {
  readonly requests: readonly AppendRequest[];
  readonly idempotency?: IdempotencyClaim;
}

/** What one job of a group came to: its result, or the error it alone answers with. */
export type JobOutcome = { readonly result: AppendResult } | { readonly error: Error };

/** A recorded `Idempotency-Key`, as read in the group's transaction. */
export interface KeyRow {
  readonly key: string;
  readonly request_hash: string;
  readonly response: string;
  readonly created_at: number | string;
}

/** What the group's transaction read before deciding: one query each, after the stream locks. */
export interface GroupSnapshot {
  /** Current version of each stream of the group that exists. */
  readonly versions: ReadonlyMap<string, number>;
  /** Stored events among the ids the group carries, by id. */
  readonly stored: ReadonlyMap<string, StoredEvent>;
  /** Recorded keys among those the group carries, live or expired. */
  readonly keys: ReadonlyMap<string, KeyRow>;
}

/** A key row to record, with the exact row it replaces when an expired one is in the way. */
export interface NewKeyRow {
  readonly key: string;
  readonly requestHash: string;
  readonly response: string;
  readonly createdAt: number;
  /** `created_at` of the expired row under the same key, to delete first. */
  readonly replaces?: number | string;
}

/** Where an inserted row landed; `tx` is '0' on SQLite. */
export interface InsertedRow {
  readonly position: number;
  readonly tx: string;
}

/**
 * Commits groups of jobs in one transaction each. Implementations: {@link SqliteGroupWriter},
 * {@link PostgresGroupWriter}.
 */
export interface GroupWriter {
  /** Most event rows one group may carry (see each writer for what bounds it). */
  readonly maxRows: number;
  /**
   * Commits what can be committed of `jobs` in one transaction and answers each job, in order.
   * Throws only when the transaction itself failed: then nothing of the group was committed.
   */
  write(jobs: readonly AppendJob[]): Promise<JobOutcome[]>;
  /** Deletes at most `limit` idempotency keys recorded before `before`. @returns how many. */
  sweepKeys(before: number, limit: number): Promise<number>;
}

/** How many event rows a job inserts at most. */
export const rowsOf = (job: AppendJob): number =>
  job.requests.reduce((sum, request) => sum + request.events.length, 0);

/**
 * About how many bytes a job's event data takes in a group (JSON text length). Only the data is
 * counted: it is the part a producer can make large; the other columns are bounded by the limits.
 */
export const bytesOf = (job: AppendJob): number =>
  job.requests.reduce(
    (sum, request) => request.events.reduce((bytes, event) => bytes + jsonLength(event.data), sum),
    0,
  );

function jsonLength(data: unknown): number {
  try {
    return JSON.stringify(data)?.length ?? 0;
  } catch {
    // Data JSON cannot carry (a BigInt, a cycle) fails its own job when the group is written.
    return 0;
  }
}

/**
 * What a group's transaction locks and reads: its streams (each once; the PostgreSQL writer sorts
 * their lock buckets itself), event ids and idempotency keys.
 */
export function groupKeys(jobs: readonly AppendJob[]) {
  const subjects = new Set<string>();
  const ids: string[] = [];
  const keys: string[] = [];
  for (const { requests, idempotency } of jobs) {
    if (idempotency !== undefined) keys.push(idempotency.key);
    for (const { subject, events } of requests) {
      subjects.add(subject);
      for (const event of events) ids.push(event.id);
    }
  }
  return { subjects: [...subjects], ids, keys };
}

/**
 * A group's transaction could not begin, or its connection broke: every job of the group would
 * fail alike, so the appender answers them all with `cause` instead of splitting the group.
 */
export class GroupNotWrittenError extends Error {
  readonly code = 'event-store.group-not-written';

  constructor(override readonly cause: unknown) {
    super(`the append transaction failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'GroupNotWrittenError';
  }
}
