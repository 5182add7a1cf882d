/** The command that rewrites stored transaction ids after a restore (see the README). */
export const REPAIR_TX_COMMAND = 'npm run store:repair-tx';

/**
 * The stored transaction ids are ahead of the PostgreSQL server's counter: the database was
 * restored into another cluster (pg_dump/restore, logical replication, a blue/green cut-over).
 * History would be invisible and new events would sort before the relay's checkpoint, so the
 * process refuses to start until the ids are repaired.
 */
export class TransactionIdsAheadError extends Error {
  readonly code = 'event-store.transaction-ids-ahead';

  constructor(
    readonly storedTx: string,
    readonly serverNextTx: string,
  ) {
    super(
      `the event store holds transaction id ${storedTx}, but this PostgreSQL server's next transaction id ` +
        `is ${serverNextTx}: the database was restored into another cluster. Stop every Herald process ` +
        `and run \`${REPAIR_TX_COMMAND}\` with the same DATABASE_URL (in an image: ` +
        '`node dist/event-store/repair-tx.cli.js`), then start Herald again.',
    );
    this.name = 'TransactionIdsAheadError';
  }
}
