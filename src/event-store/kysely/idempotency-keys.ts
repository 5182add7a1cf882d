import type { Transaction } from 'kysely';
import { IdempotencyKeyReusedError } from '../errors/idempotency-key-reused.error';
import type { AppendResult, IdempotencyClaim } from '../event-store.port';
import type { HeraldDatabase } from './database';

/**
 * The response recorded for a live idempotency key, or undefined (an expired key is removed).
 * @throws IdempotencyKeyReusedError when the key was recorded for another request.
 */
export async function recordedResponse(
  trx: Transaction<HeraldDatabase>,
  claim: IdempotencyClaim,
): Promise<AppendResult | undefined> {
  const row = await trx
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('key', '=', claim.key)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  if (Number(row.created_at) < Date.now() - claim.ttlMs) {
    await trx.deleteFrom('idempotency_keys').where('key', '=', claim.key).execute();
    return undefined;
  }
  if (row.request_hash !== claim.requestHash) throw new IdempotencyKeyReusedError(claim.key);
  return { events: [], duplicate: true, idempotentResponse: JSON.parse(row.response) as unknown };
}

/** Records the response of an append under its key, in the append's transaction. */
export async function recordResponse(
  trx: Transaction<HeraldDatabase>,
  claim: IdempotencyClaim,
  result: AppendResult,
): Promise<void> {
  await trx
    .insertInto('idempotency_keys')
    .values({
      key: claim.key,
      request_hash: claim.requestHash,
      status_code: 202,
      response: JSON.stringify(claim.render(result)),
      created_at: Date.now(),
    })
    .execute();
}
