import { encodeCursor } from '../cursor';
import type { NewEvent, StoredEvent } from '../event-store.port';

/** An `events` row as selected by {@link eventColumns}. */
export interface EventRow {
  position: number | string;
  tx: string;
  id: string;
  subject: string;
  stream_version: number;
  type: string;
  dataversion: number;
  source: string;
  time: string;
  data: unknown;
  correlation_id: string | null;
  causation_id: string | null;
  traceparent: string | null;
  tracestate: string | null;
}

/** The columns every read selects; the transaction id is added per dialect as `tx`. */
export const EVENT_COLUMNS = [
  'position',
  'id',
  'subject',
  'stream_version',
  'type',
  'dataversion',
  'source',
  'time',
  'data',
  'correlation_id',
  'causation_id',
  'traceparent',
  'tracestate',
] as const;

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

/** Maps a row to the port's {@link StoredEvent}. */
export function toStoredEvent(row: EventRow): StoredEvent {
  const position = Number(row.position);
  return {
    id: row.id,
    type: row.type,
    dataversion: row.dataversion,
    source: row.source,
    time: row.time,
    subject: row.subject,
    // PostgreSQL's jsonb arrives parsed; SQLite's text does not.
    data: typeof row.data === 'string' ? (JSON.parse(row.data) as unknown) : row.data,
    correlationId: optional(row.correlation_id),
    causationId: optional(row.causation_id),
    traceparent: optional(row.traceparent),
    tracestate: optional(row.tracestate),
    streamVersion: row.stream_version,
    position,
    cursor: encodeCursor({ tx: row.tx, position }),
  };
}

/** The row to insert for an event at `streamVersion` of `subject`. */
export function toInsertRow(event: NewEvent, subject: string, streamVersion: number, now: number) {
  return {
    id: event.id,
    subject,
    stream_version: streamVersion,
    type: event.type,
    dataversion: event.dataversion,
    source: event.source,
    time: event.time,
    data: JSON.stringify(event.data),
    correlation_id: event.correlationId ?? null,
    causation_id: event.causationId ?? null,
    traceparent: event.traceparent ?? null,
    tracestate: event.tracestate ?? null,
    recorded_at: now,
  };
}

/** An `events` row to insert, as {@link toInsertRow} makes it. */
export type InsertRow = ReturnType<typeof toInsertRow>;

/** The inserted columns, in the order the writers bind them. */
export const INSERT_COLUMNS = [
  'id',
  'subject',
  'stream_version',
  'type',
  'dataversion',
  'source',
  'time',
  'data',
  'correlation_id',
  'causation_id',
  'traceparent',
  'tracestate',
  'recorded_at',
] as const satisfies ReadonlyArray<keyof InsertRow>;

/**
 * Whether a stored event is the one an append carries again under the same id: same stream, type,
 * version, source, cause and data (compared canonically, as PostgreSQL's jsonb reorders keys).
 * The time, correlation and trace context are left out: when the producer leaves them out, each
 * attempt of one request fills them anew, and a retry must still be recognised as one.
 */
export function sameEvent(stored: NewEvent & { subject: string }, event: NewEvent, subject: string): boolean {
  return (
    stored.subject === subject &&
    stored.type === event.type &&
    stored.dataversion === event.dataversion &&
    stored.source === event.source &&
    (stored.causationId ?? null) === (event.causationId ?? null) &&
    canonicalJson(stored.data) === canonicalJson(event.data)
  );
}

/** JSON text with object keys sorted at every depth, so that equal documents compare equal. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(JSON.parse(JSON.stringify(value) ?? 'null')));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(source)
      .sort()
      .map((key) => [key, sortKeys(source[key])]),
  );
}
