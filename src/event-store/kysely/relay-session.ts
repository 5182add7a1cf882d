import { sql } from 'kysely';
import { START, decodeCursor, encodeCursor } from '../cursor';
import type { RelaySession, RelaySessionOptions, StoredEvent } from '../event-store.port';
import type { DialectStrategy } from './dialect';
import { readBounded, selectForRead, toReadEvent, type RowFetch } from './bounded-reads';
import type { LeaderSession } from './leader-session';

/**
 * The relay's leader session on the Kysely store: every statement is compiled with the store's
 * query builder and run on the session that holds the lock.
 */
class KyselyRelaySession implements RelaySession {
  constructor(
    private readonly strategy: DialectStrategy,
    private readonly session: LeaderSession,
    private readonly relay: string,
  ) {}

  async checkpoint(): Promise<string | undefined> {
    const query = this.strategy.db
      .selectFrom('relay_checkpoints')
      .select(['tx', 'position'])
      .where('relay', '=', this.relay)
      .compile();
    const [row] = await this.session.execute(query);
    return row === undefined ? undefined : encodeCursor({ tx: row.tx, position: Number(row.position) });
  }

  async readPending(after: string | undefined, limit: number, maxBytes?: number): Promise<StoredEvent[]> {
    const start = after === undefined ? START : decodeCursor(after);
    const fetch: RowFetch = (last, count) => {
      const cursor = last === undefined ? start : { tx: last.tx, position: Number(last.position) };
      const query = selectForRead(this.strategy)
        // The same guard as readAll: on PostgreSQL nothing below a still-open transaction.
        .where(this.strategy.visibleAfter(cursor))
        .orderBy(this.strategy.order)
        .limit(count)
        .compile();
      return this.session.execute(query);
    };
    // Chunked by bytes, so that a page of large events neither fills memory nor holds the session
    // for long: lock checks queued behind it on the same session run between chunks.
    const rows = await readBounded(fetch, Math.max(1, limit), maxBytes);
    return rows.map(toReadEvent);
  }

  async saveCheckpoint(cursor: string): Promise<void> {
    const { tx, position } = decodeCursor(cursor);
    const forward =
      this.strategy.dialect === 'postgres'
        ? sql<boolean>`(relay_checkpoints.tx::xid8, relay_checkpoints.position) < (excluded.tx::xid8, excluded.position)`
        : sql<boolean>`relay_checkpoints.position < excluded.position`;
    const query = this.strategy.db
      .insertInto('relay_checkpoints')
      .values({ relay: this.relay, tx, position, updated_at: Date.now() })
      .onConflict((oc) =>
        oc
          .column('relay')
          .doUpdateSet({
            tx: (eb) => eb.ref('excluded.tx'),
            position: (eb) => eb.ref('excluded.position'),
            updated_at: (eb) => eb.ref('excluded.updated_at'),
          })
          .where(forward),
      )
      .compile();
    await this.session.execute(query);
  }

  confirmLock(): Promise<void> {
    return this.session.confirmLock();
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

/** Opens the relay's leader session, or undefined when another process leads. */
export async function openRelaySession(
  strategy: DialectStrategy,
  relay: string,
  { leaseMs }: RelaySessionOptions,
): Promise<RelaySession | undefined> {
  const session = await strategy.lead(relay, {
    idleTimeoutMs: leaseMs,
    // Publishing stops at the end of the lease whatever a statement does; one that takes two leases
    // has lost its session, and ending it lets this process try to lead again.
    queryTimeoutMs: 2 * leaseMs,
  });
  return session && new KyselyRelaySession(strategy, session, relay);
}
