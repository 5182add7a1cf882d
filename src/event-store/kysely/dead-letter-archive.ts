import type { Kysely } from 'kysely';
import type { DeadLetter, ErrorKind } from '../event-store.port';
import type { HeraldDatabase } from './database';

/** Inserts a dead letter into the archive. */
export async function insertDeadLetter(db: Kysely<HeraldDatabase>, letter: DeadLetter): Promise<void> {
  await db
    .insertInto('dead_letters')
    .values({
      id: letter.id,
      event_id: letter.eventId,
      type: letter.type,
      handler: letter.handler,
      reason: letter.reason,
      error_kind: letter.errorKind,
      attempts: letter.attempts,
      first_failed_at: letter.firstFailedAt,
      last_failed_at: letter.lastFailedAt,
      event: JSON.stringify(letter.event),
      archived_at: Date.now(),
    })
    .execute();
}

/** One archived dead letter, or undefined. */
export async function selectDeadLetter(
  db: Kysely<HeraldDatabase>,
  id: string,
): Promise<DeadLetter | undefined> {
  const row = await db.selectFrom('dead_letters').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    id: row.id,
    eventId: row.event_id,
    type: row.type,
    handler: row.handler,
    reason: row.reason,
    errorKind: row.error_kind as ErrorKind,
    attempts: row.attempts,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
    event: JSON.parse(row.event) as unknown,
  };
}
