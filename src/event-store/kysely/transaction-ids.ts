import { sql, type Kysely } from 'kysely';
import { TransactionIdsAheadError } from '../errors/transaction-ids-ahead.error';
import type { HeraldDatabase } from './database';

/** The largest transaction id stored in events or relay checkpoints, and the server's next one. */
export async function readTransactionHorizon(
  db: Kysely<HeraldDatabase>,
): Promise<{ stored: string | null; next: string }> {
  // pg_current_snapshot() assigns no transaction id, so the check itself moves nothing.
  const { rows } = await sql<{ stored: string | null; next: string }>`
    select greatest(
             (select max(tx) from events),
             (select max(tx::xid8) from relay_checkpoints)
           )::text as stored,
           pg_snapshot_xmax(pg_current_snapshot())::text as next`.execute(db);
  return rows[0];
}

/**
 * Refuses a PostgreSQL store whose stored transaction ids are at or beyond the server's next
 * one: a restored database, whose history would be hidden from readers and the relay.
 * @throws TransactionIdsAheadError naming the repair.
 */
export async function assertTransactionIdsBehindServer(db: Kysely<HeraldDatabase>): Promise<void> {
  const { stored, next } = await readTransactionHorizon(db);
  if (stored !== null && BigInt(stored) >= BigInt(next)) throw new TransactionIdsAheadError(stored, next);
}
