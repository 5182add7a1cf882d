import { sql, type Kysely } from 'kysely';
import type { HeraldDatabase } from './database';
import { readTransactionHorizon } from './transaction-ids';

/** PostgreSQL's first normal transaction id: stored ids start here after a repair. */
const FIRST_TX = 3n;

/** What a repair did. */
export interface TransactionIdRepair {
  /** False when the stored ids were already behind the server: nothing was changed. */
  readonly repaired: boolean;
  readonly events: number;
  /** Distinct transaction ids the history needs to keep its order. */
  readonly runs: number;
  readonly checkpoints: number;
  /** Transaction ids spent to make room below the server's counter. */
  readonly burned: number;
}

/**
 * How many ids the history needs: one per run of events whose positions rise in the global
 * (tx, position) order. Within a run one shared id keeps the order; a new run starts where an
 * event committed out of position order.
 */
async function countRuns(db: Kysely<HeraldDatabase>): Promise<{ runs: number; events: number }> {
  const { rows } = await sql<{ runs: string; events: string }>`
    select count(*) filter (where previous is null or previous > position) as runs, count(*) as events
    from (select position, lag(position) over (order by tx, position) as previous from events) ordered`.execute(
    db,
  );
  return { runs: Number(rows[0].runs), events: Number(rows[0].events) };
}

/** Commits `count` empty transactions, each taking an id, so that the server's counter moves on. */
async function burnTransactionIds(db: Kysely<HeraldDatabase>, count: number): Promise<void> {
  if (count <= 0) return;
  await sql`do $$ begin for i in 1..${sql.lit(count)} loop perform pg_current_xact_id(); commit; end loop; end $$`.execute(
    db,
  );
}

/**
 * Rewrites, in one transaction, every stored tx to a small id (from 3, one per run) and each
 * relay checkpoint to the rewritten place of the last event at or before it. The (tx, position)
 * order of history is kept exactly, every checkpoint still has the same events before it, and
 * every transaction after the repair sorts after all of history. Run it with every Herald process
 * stopped; it takes an exclusive lock on the tables meanwhile. Cursors issued before are void.
 */
export async function repairTransactionIds(db: Kysely<HeraldDatabase>): Promise<TransactionIdRepair> {
  const horizon = await readTransactionHorizon(db);
  if (horizon.stored === null || BigInt(horizon.stored) < BigInt(horizon.next)) {
    return { repaired: false, events: 0, runs: 0, checkpoints: 0, burned: 0 };
  }
  const { runs } = await countRuns(db);
  // Room for every run below this repair's own transaction id, with a margin for other sessions.
  const burned = Math.max(0, Number(FIRST_TX) + runs + 100 - Number(horizon.next));
  await burnTransactionIds(db, burned);
  return db.transaction().execute(async (trx) => {
    await sql`lock table events, relay_checkpoints in exclusive mode`.execute(trx);
    const mapped = await mapTransactionIds(trx);
    const checkpoints = await rewriteCheckpoints(trx);
    await sql`update events e set tx = m.new_tx::text::xid8 from herald_tx_map m where e.position = m.position`.execute(
      trx,
    );
    const { rows } = await sql<{ ok: boolean }>`
      select coalesce((select max(tx) from events) < pg_current_xact_id(), true) as ok`.execute(trx);
    if (!rows[0].ok)
      throw new Error('events were appended during the repair: stop every Herald process and run it again');
    return { repaired: true, events: mapped.events, runs: mapped.runs, checkpoints, burned };
  });
}

/** Builds `herald_tx_map` (position, old_tx, new_tx) for this transaction. */
async function mapTransactionIds(trx: Kysely<HeraldDatabase>): Promise<{ runs: number; events: number }> {
  await sql`
    create temporary table herald_tx_map on commit drop as
    select position, tx as old_tx, ${sql.lit(Number(FIRST_TX))} - 1 + run as new_tx
    from (
      select position, tx,
             count(*) filter (where previous is null or previous > position) over (order by tx, position) as run
      from (select position, tx, lag(position) over (order by tx, position) as previous from events) ordered
    ) numbered`.execute(trx);
  await sql`create index on herald_tx_map (old_tx, position)`.execute(trx);
  await sql`analyze herald_tx_map`.execute(trx);
  return countRuns(trx);
}

/** Moves each checkpoint onto the rewritten last event at or before it (the start if none). */
async function rewriteCheckpoints(trx: Kysely<HeraldDatabase>): Promise<number> {
  const result = await sql`
    update relay_checkpoints c
    set tx = coalesce(m.new_tx::text, '0'), position = coalesce(m.position, 0)
    from relay_checkpoints old
    left join lateral (
      select new_tx, position from herald_tx_map
      where (old_tx, position) <= (old.tx::xid8, old.position)
      order by old_tx desc, position desc
      limit 1
    ) m on true
    where c.relay = old.relay`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
