// `npm run store:repair-tx`: rewrites stored transaction ids after a PostgreSQL restore.
import '../env';
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import { loadEnvironment, parseDatabaseUrl } from '../config';
import type { HeraldDatabase } from './kysely/database';
import { repairTransactionIds } from './kysely/repair-transaction-ids';

async function main(): Promise<void> {
  const location = parseDatabaseUrl(loadEnvironment().DATABASE_URL);
  if (location.dialect !== 'postgres')
    throw new Error('DATABASE_URL must name the PostgreSQL store to repair');
  // One session without Herald's timeouts: the rewrite touches every event.
  const db = new Kysely<HeraldDatabase>({
    dialect: new PostgresDialect({ pool: new Pool({ connectionString: location.connectionString, max: 1 }) }),
  });
  try {
    const report = await repairTransactionIds(db);
    console.log(
      report.repaired
        ? `repaired: ${report.events} events in ${report.runs} transaction ids, ${report.checkpoints} relay checkpoints ` +
            `(${report.burned} transaction ids spent); cursors issued before the repair are void`
        : 'nothing to repair: the stored transaction ids are behind the server',
    );
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error('repair failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
