import { sql } from 'kysely';
import type { Cursor } from '../cursor';
import type { StoredEvent } from '../event-store.port';
import type { DialectStrategy } from './dialect';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-rows';

/** The first query of a byte-bounded page reads one row: nothing is known of sizes before it. */
const FIRST_CHUNK = 1;

/** A query of a byte-bounded page reads about this many bytes at most, then yields. */
const CHUNK_BYTES = 1024 * 1024;

/** Attribute names, quotes and punctuation of one envelope in JSON, beyond its values. */
const ENVELOPE_OVERHEAD = 256;

const ATTRIBUTE_COLUMNS = EVENT_COLUMNS.filter(
  (column): column is Exclude<(typeof EVENT_COLUMNS)[number], 'data'> => column !== 'data',
);

/**
 * Selects events for a read with `data` as JSON text on both stores: its size is then known
 * before anything is parsed, and PostgreSQL's jsonb costs no more than the driver's own parse.
 */
export function selectForRead(strategy: DialectStrategy) {
  const data = strategy.dialect === 'postgres' ? sql<string>`data::text` : sql<string>`data`;
  return strategy.db
    .selectFrom('events')
    .select(ATTRIBUTE_COLUMNS)
    .select(data.as('data'))
    .select(strategy.txColumn.as('tx'));
}

/** The global order after `start`, optionally of one type, as far as it is safe to hand out. */
export function globalRows(strategy: DialectStrategy, start: Cursor, type?: string): RowFetch {
  return (last, count) => {
    const cursor = last === undefined ? start : { tx: last.tx, position: Number(last.position) };
    let query = selectForRead(strategy).where(strategy.visibleAfter(cursor));
    if (type !== undefined) query = query.where('type', '=', type);
    return query.orderBy(strategy.order).limit(count).execute();
  };
}

/** One stream in version order from `fromVersion`. */
export function streamRows(strategy: DialectStrategy, subject: string, fromVersion: number): RowFetch {
  return (last, count) =>
    selectForRead(strategy)
      .where('subject', '=', subject)
      .where('stream_version', '>=', last === undefined ? fromVersion : last.stream_version + 1)
      .orderBy('stream_version')
      .limit(count)
      .execute();
}

/** About how many bytes an event takes in a JSON page. */
export function envelopeBytes(row: EventRow): number {
  let bytes = ENVELOPE_OVERHEAD + Buffer.byteLength(String(row.data));
  for (const value of [row.id, row.subject, row.type, row.source, row.time, row.correlation_id]) {
    if (value !== null) bytes += Buffer.byteLength(value);
  }
  return bytes;
}

/** Fetches up to `limit` rows that follow `last` (from the start when undefined), in read order. */
export type RowFetch = (last: EventRow | undefined, limit: number) => Promise<EventRow[]>;

/**
 * Reads up to `limit` rows and, when `maxBytes` is set, stops before the row that would take
 * the page over it (a page holds at least one row). Rows are fetched in chunks of about
 * {@link CHUNK_BYTES}, sized from the average so far, so that memory stays near the bound and
 * no single read holds the event loop long, however large the events are.
 */
export async function readBounded(fetch: RowFetch, limit: number, maxBytes?: number): Promise<EventRow[]> {
  if (maxBytes === undefined) return fetch(undefined, limit);
  const rows: EventRow[] = [];
  let bytes = 0;
  let chunk = Math.min(limit, FIRST_CHUNK);
  while (rows.length < limit) {
    const fetched = await fetch(rows.at(-1), chunk);
    for (const row of fetched) {
      const size = envelopeBytes(row);
      if (rows.length > 0 && bytes + size > maxBytes) return rows;
      rows.push(row);
      bytes += size;
    }
    if (fetched.length < chunk) return rows;
    const average = bytes / rows.length;
    const budget = Math.min(maxBytes - bytes, CHUNK_BYTES);
    chunk = Math.min(limit - rows.length, Math.max(1, Math.ceil(budget / average)));
    // Each chunk is read in one synchronous stretch on SQLite: let other requests run between.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return rows;
}

const storedJson = new WeakMap<StoredEvent, string>();

/**
 * The data of an event read by a page read, as the JSON text the store holds, or undefined for
 * any other event (a copy included). Lets a reader that serves data unchanged skip a parse and a
 * serialisation of it.
 */
export function storedDataJson(event: StoredEvent): string | undefined {
  return storedJson.get(event);
}

/**
 * A row of a page read as a {@link StoredEvent} whose `data` is parsed when first read: a page
 * served as stored never parses it at all.
 */
export function toReadEvent(row: EventRow): StoredEvent {
  const text = String(row.data);
  const event = toStoredEvent({ ...row, data: null });
  let parsed: { value: unknown } | undefined;
  Object.defineProperty(event, 'data', {
    enumerable: true,
    get: () => (parsed ??= { value: JSON.parse(text) as unknown }).value,
  });
  storedJson.set(event, text);
  return event;
}
