import type { Pool, PoolClient, QueryResultRow } from 'pg';
import {
  GroupNotWrittenError,
  groupKeys,
  type AppendJob,
  type GroupWriter,
  type InsertedRow,
  type JobOutcome,
  type KeyRow,
  type NewKeyRow,
} from './append-job';
import { EVENT_COLUMNS, INSERT_COLUMNS, toStoredEvent, type EventRow } from './event-rows';
import { GroupSettlement } from './group-settlement';

/**
 * Most rows in one group. Each column travels as one array parameter, so the bind-parameter limit
 * does not apply; the cap bounds one transaction's work (the appender caps its bytes too).
 */
const POSTGRES_MAX_GROUP_ROWS = 5_000;

/**
 * Streams hash into this many advisory-lock buckets. A group then holds at most this many locks
 * whatever its number of streams: one lock per stream could fill the server's shared lock table
 * (max_locks_per_transaction x max_connections, 6,400 by default) and fail every session with
 * 53200. Unrelated streams that share a bucket only serialise their appends across processes.
 * A power of two, so that masking the hash maps it onto 0 .. buckets - 1 (`%` keeps its sign).
 */
export const STREAM_LOCK_BUCKETS = 1024;

/** The SQL of the advisory-lock key of the stream named by `subject` (an SQL expression). */
export const streamBucketOf = (subject: string): string =>
  `hashtextextended('herald-stream:' || ${subject}, 0) & ${STREAM_LOCK_BUCKETS - 1}`;

/** The array type of each of {@link INSERT_COLUMNS}, in order. */
const INSERT_TYPES = 'text text int text int text text text text text text text bigint'.split(' ');

// Lists travel as arrays, one parameter per column, so that one statement text serves any group
// size and the writes are prepared once per connection (see PLANNED_EACH_TIME for the reads).
const SQL = {
  // The lock of every bucket of the group's streams in one statement, distinct and in ascending
  // order, so that writers in several processes always lock in the same order and cannot deadlock.
  lock: `select count(pg_advisory_xact_lock(b)) from (
    select distinct ${streamBucketOf('s')} as b
    from unnest($1::text[]) as t(s) order by b offset 0) as sorted`,
  // The versions, stored ids and recorded keys of the group in one round trip, as JSON.
  read: `select
    (select coalesce(json_agg(json_build_array(subject, version)), '[]') from (
      select subject, max(stream_version) as version from events
      where subject = any($1::text[]) group by subject) as v) as versions,
    (select coalesce(json_agg(e), '[]') from (
      select ${EVENT_COLUMNS.join(', ')}, tx::text as tx from events where id = any($2::text[])) as e) as events,
    (select coalesce(json_agg(k), '[]') from (
      select key, request_hash, response, created_at from idempotency_keys
      where key = any($3::text[])) as k) as keys`,
  insert: `insert into events (${INSERT_COLUMNS.join(', ')})
    select ${INSERT_COLUMNS.map((column) => (column === 'data' ? 'data::jsonb' : column)).join(', ')}
    from unnest(${INSERT_TYPES.map((type, i) => `$${i + 1}::${type}[]`).join(', ')})
      with ordinality as r(${INSERT_COLUMNS.join(', ')}, n)
    order by n
    returning id, position, tx::text as tx`,
  replaceKeys: `delete from idempotency_keys k using unnest($1::text[], $2::bigint[]) as x(key, created_at)
    where k.key = x.key and k.created_at = x.created_at`,
  insertKeys: `insert into idempotency_keys (key, request_hash, status_code, response, created_at)
    select k, h, 202, r, c from unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) as t(k, h, r, c)`,
} as const;

/** The one row of {@link SQL.read}. */
interface GroupRead {
  readonly versions: Array<[string, number]>;
  readonly events: EventRow[];
  readonly keys: KeyRow[];
}

const SWEEP_KEYS = `delete from idempotency_keys where key in
  (select key from idempotency_keys where created_at < $1 order by created_at limit $2)`;

/**
 * The PostgreSQL writer: a whole group in one transaction on one pooled connection. The streams
 * are locked first (advisory transaction locks on their hash buckets), so the versions read next
 * are final until commit.
 */
export class PostgresGroupWriter implements GroupWriter {
  readonly maxRows = POSTGRES_MAX_GROUP_ROWS;

  constructor(private readonly pool: Pool) {}

  async write(jobs: readonly AppendJob[]): Promise<JobOutcome[]> {
    const client = await this.pool.connect().catch((error: unknown) => {
      throw new GroupNotWrittenError(error);
    });
    let broken: Error | undefined;
    try {
      await client.query('begin').catch((error: unknown) => {
        throw new GroupNotWrittenError(error);
      });
      const outcomes = await this.writeIn(client, jobs);
      await client.query('commit');
      return outcomes;
    } catch (error) {
      broken = await client.query('rollback').then(
        () => undefined,
        (failure: unknown) => (failure instanceof Error ? failure : new Error(String(failure))),
      );
      // A connection that cannot even roll back is gone: the same would happen to any half.
      if (broken !== undefined && !(error instanceof GroupNotWrittenError))
        throw new GroupNotWrittenError(error);
      throw error;
    } finally {
      // A broken connection is destroyed, not given back to the pool.
      client.release(broken);
    }
  }

  async sweepKeys(before: number, limit: number): Promise<number> {
    const { rowCount } = await this.pool.query(SWEEP_KEYS, [before, limit]);
    return rowCount ?? 0;
  }

  private async writeIn(client: PoolClient, jobs: readonly AppendJob[]): Promise<JobOutcome[]> {
    const { subjects, ids, keys } = groupKeys(jobs);
    await run(client, 'lock', [subjects]);
    // The lock comes first, in a statement of its own: a read's snapshot is taken when it starts.
    const [snapshot] = await run<GroupRead>(client, 'read', [subjects, ids, keys]);
    const settlement = new GroupSettlement(jobs, {
      versions: new Map(snapshot.versions),
      stored: new Map(snapshot.events.map((row) => [row.id, toStoredEvent(row)])),
      keys: new Map(snapshot.keys.map((row) => [row.key, row])),
    });
    const outcome = settlement.finish(await this.insert(client, settlement));
    if (outcome.keys.length > 0) await this.recordKeys(client, outcome.keys);
    return outcome.outcomes;
  }

  private async insert(client: PoolClient, settlement: GroupSettlement): Promise<Map<string, InsertedRow>> {
    const inserted = new Map<string, InsertedRow>();
    if (!settlement.appends) return inserted;
    const columns = INSERT_COLUMNS.map((column) => settlement.rows.map((row) => row[column]));
    const returned = await run<{ id: string; position: string; tx: string }>(client, 'insert', columns);
    // RETURNING promises no order: rows are matched by id.
    for (const { id, position, tx } of returned) inserted.set(id, { position: Number(position), tx });
    return inserted;
  }

  private async recordKeys(client: PoolClient, keys: readonly NewKeyRow[]): Promise<void> {
    const expired = keys.filter((row) => row.replaces !== undefined);
    if (expired.length > 0) {
      await run(client, 'replaceKeys', [expired.map((row) => row.key), expired.map((row) => row.replaces)]);
    }
    await run(client, 'insertKeys', [
      keys.map((row) => row.key),
      keys.map((row) => row.requestHash),
      keys.map((row) => row.response),
      keys.map((row) => row.createdAt),
    ]);
  }
}

/**
 * Statements that read a table, planned anew on each run: a plan cached while `events` was small
 * scans the whole table for ever after (until an ANALYZE), which costs milliseconds per group.
 */
const PLANNED_EACH_TIME = new Set<keyof typeof SQL>(['read', 'replaceKeys']);

/** Runs one of {@link SQL}, as a named statement (parsed and planned once per connection) or not. */
async function run<R extends QueryResultRow>(
  client: PoolClient,
  name: keyof typeof SQL,
  values: unknown[],
): Promise<R[]> {
  const statement = PLANNED_EACH_TIME.has(name) ? {} : { name: `herald-append-${name}` };
  const { rows } = await client.query<R>({ ...statement, text: SQL[name], values });
  return rows;
}
