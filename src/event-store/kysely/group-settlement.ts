import { encodeCursor } from '../cursor';
import { DuplicateEventIdError } from '../errors/duplicate-event-id.error';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import { VersionConflictError } from '../errors/version-conflict.error';
import type { IdempotencyClaim, NewEvent, StoredEvent } from '../event-store.port';
import { matchesExpectedVersion } from '../expected-version';
import type { AppendJob, GroupSnapshot, InsertedRow, JobOutcome, NewKeyRow } from './append-job';
import { sameEvent, toInsertRow, type InsertRow } from './event-rows';
import { isLive } from './idempotency-keys';

type Decision =
  | { readonly kind: 'error'; readonly error: Error }
  /** A live key recorded by an earlier transaction. */
  | { readonly kind: 'recorded'; readonly response: unknown }
  /** The same key and request as an earlier job of this group. */
  | { readonly kind: 'follows'; readonly leader: number }
  /** Every id already stored, or accepted earlier in this group, with the same content. */
  | { readonly kind: 'duplicate'; readonly ids: readonly string[] }
  | { readonly kind: 'accepted'; readonly ids: readonly string[] };

interface PendingEvent extends NewEvent {
  readonly subject: string;
  readonly streamVersion: number;
}

const failed = (error: Error): Decision => ({ kind: 'error', error });

/**
 * Settles a group in memory, in arrival order, exactly as if its jobs had run one after the other:
 * version checks against the versions left by the jobs before, duplicates of ids stored or
 * accepted earlier, idempotency keys recorded or claimed earlier. The writer inserts {@link rows}
 * and hands the positions to {@link finish}.
 */
export class GroupSettlement {
  /** The rows of every accepted job, in arrival order and stream-version order. */
  readonly rows: InsertRow[] = [];
  private readonly decisions: Decision[];
  private readonly versions: Map<string, number>;
  private readonly pending = new Map<string, PendingEvent>();
  private readonly claimed = new Map<string, { readonly hash: string; readonly job: number }>();

  constructor(
    private readonly jobs: readonly AppendJob[],
    private readonly snapshot: GroupSnapshot,
    private readonly now = Date.now(),
  ) {
    this.versions = new Map(snapshot.versions);
    this.decisions = jobs.map((job, index) => this.decide(job, index));
  }

  /** Whether any job stores new events (and so wakes the relay). */
  get appends(): boolean {
    return this.rows.length > 0;
  }

  /**
   * Each job's answer, given where the inserted rows landed, and the keys to record with them.
   * Renders idempotent responses, so it runs inside the transaction that records them.
   */
  finish(inserted: ReadonlyMap<string, InsertedRow>): { outcomes: JobOutcome[]; keys: NewKeyRow[] } {
    const responses = new Map<number, string>();
    const keys: NewKeyRow[] = [];
    const outcomes = this.decisions.map((decision, index): JobOutcome | undefined => {
      if (decision.kind === 'error') return { error: decision.error };
      if (decision.kind === 'follows') return undefined;
      if (decision.kind === 'recorded') {
        return { result: { events: [], duplicate: true, idempotentResponse: decision.response } };
      }
      const events = decision.ids.map((id) => this.storedEvent(id, inserted));
      const result = { events, duplicate: decision.kind === 'duplicate' };
      const claim = this.jobs[index].idempotency;
      if (claim !== undefined) {
        const response = JSON.stringify(claim.render(result));
        responses.set(index, response);
        keys.push(this.keyRow(claim, response));
      }
      return { result };
    });
    return {
      outcomes: outcomes.map((outcome, index) => {
        if (outcome !== undefined) return outcome;
        const { leader } = this.decisions[index] as { leader: number };
        const idempotentResponse = JSON.parse(responses.get(leader) ?? 'null') as unknown;
        return { result: { events: [], duplicate: true, idempotentResponse } };
      }),
      keys,
    };
  }

  private decide(job: AppendJob, index: number): Decision {
    const claim = job.idempotency;
    const byKey = claim && this.byKey(claim);
    if (byKey !== undefined) return byKey;
    const decision = this.byIds(job) ?? this.byVersions(job);
    if (claim !== undefined && decision.kind !== 'error') {
      this.claimed.set(claim.key, { hash: claim.requestHash, job: index });
    }
    return decision;
  }

  private byKey(claim: IdempotencyClaim): Decision | undefined {
    const earlier = this.claimed.get(claim.key);
    if (earlier !== undefined) {
      return earlier.hash === claim.requestHash
        ? { kind: 'follows', leader: earlier.job }
        : failed(new IdempotencyKeyReusedError(claim.key));
    }
    const row = this.snapshot.keys.get(claim.key);
    if (row === undefined || !isLive(row, claim.ttlMs, this.now)) return undefined;
    if (row.request_hash !== claim.requestHash) return failed(new IdempotencyKeyReusedError(claim.key));
    return { kind: 'recorded', response: JSON.parse(row.response) as unknown };
  }

  /** A job whose ids are known: the same events again, or an id taken by other content. */
  private byIds(job: AppendJob): Decision | undefined {
    const ids: string[] = [];
    let known: string | undefined;
    let unknown: string | undefined;
    for (const { subject, events } of job.requests) {
      for (const event of events) {
        if (ids.includes(event.id)) return failed(new DuplicateEventIdError(event.id));
        ids.push(event.id);
        const prior = this.pending.get(event.id) ?? this.snapshot.stored.get(event.id);
        if (prior === undefined) unknown ??= event.id;
        else if (!sameEvent(prior, event, subject)) return failed(new DuplicateEventIdError(event.id));
        else known ??= event.id;
      }
    }
    if (known === undefined) return undefined;
    // Part of the request stored and part not: it is not a retry of one earlier append.
    if (unknown !== undefined) return failed(new DuplicateEventIdError(known));
    return { kind: 'duplicate', ids };
  }

  private byVersions(job: AppendJob): Decision {
    const after = new Map<string, number>();
    for (const { subject, events, expectedVersion } of job.requests) {
      const current = after.get(subject) ?? this.versions.get(subject) ?? 0;
      if (!matchesExpectedVersion(expectedVersion, current)) {
        return failed(new VersionConflictError(subject, expectedVersion, current));
      }
      after.set(subject, current + events.length);
    }
    const ids: string[] = [];
    for (const { subject, events } of job.requests) {
      let version = this.versions.get(subject) ?? 0;
      for (const event of events) {
        version += 1;
        this.rows.push(toInsertRow(event, subject, version, this.now));
        this.pending.set(event.id, { ...event, subject, streamVersion: version });
        ids.push(event.id);
      }
      this.versions.set(subject, version);
    }
    return { kind: 'accepted', ids };
  }

  private storedEvent(id: string, inserted: ReadonlyMap<string, InsertedRow>): StoredEvent {
    const pending = this.pending.get(id);
    if (pending === undefined) return this.snapshot.stored.get(id) as StoredEvent;
    const row = inserted.get(id);
    if (row === undefined) throw new Error(`the insert returned no row for event ${id}`);
    return { ...pending, position: row.position, cursor: encodeCursor(row) };
  }

  private keyRow(claim: IdempotencyClaim, response: string): NewKeyRow {
    const expired = this.snapshot.keys.get(claim.key);
    return {
      key: claim.key,
      requestHash: claim.requestHash,
      response,
      createdAt: this.now,
      replaces: expired?.created_at,
    };
  }
}
