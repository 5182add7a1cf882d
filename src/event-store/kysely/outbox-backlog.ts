import { sql } from 'kysely';
import type { Cursor } from '../cursor';
import type { OutboxBacklog } from '../event-store.port';
import type { DialectStrategy } from './dialect';

/** Up to this many pending events are counted exactly; a larger backlog is estimated. */
export const BACKLOG_EXACT_LIMIT = 1_000;

/**
 * The outbox backlog behind `cursor` without scanning it: the next event to publish through the
 * global-order index (`limit 1`), a count that stops at {@link BACKLOG_EXACT_LIMIT} index
 * entries, and past that the distance from the checkpoint to the largest position. That estimate
 * is an upper bound on SQLite (positions only have gaps); on PostgreSQL rolled-back appends also
 * leave gaps, and appends that committed out of position order around the checkpoint can shift it
 * by a few.
 */
export async function measureBacklog(strategy: DialectStrategy, cursor: Cursor): Promise<OutboxBacklog> {
  const { db } = strategy;
  const next = await db
    .selectFrom('events')
    .select('recorded_at')
    .where(strategy.after(cursor))
    .orderBy(strategy.order)
    .limit(1)
    .executeTakeFirst();
  if (next === undefined) return { pending: 0, oldestAgeMs: 0 };
  const oldestAgeMs = Math.max(0, Date.now() - Number(next.recorded_at));
  const counted = await db
    .selectFrom(
      db
        .selectFrom('events')
        .select(sql`1`.as('one'))
        .where(strategy.after(cursor))
        .orderBy(strategy.order)
        .limit(BACKLOG_EXACT_LIMIT + 1)
        .as('pending'),
    )
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const pending = Number(counted.n);
  if (pending <= BACKLOG_EXACT_LIMIT) return { pending, oldestAgeMs };
  const last = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('position').as('position'))
    .executeTakeFirstOrThrow();
  const estimate = Number(last.position) - cursor.position;
  return { pending: Math.max(pending, estimate), oldestAgeMs, estimated: true };
}
