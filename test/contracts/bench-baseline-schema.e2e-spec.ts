import Database from 'better-sqlite3';
import { Client } from 'pg';
import { EVENTS_DDL } from '../../bench/events-ddl';
import { parseDatabaseUrl } from '../../src/config';
import { KyselyEventStore, openDialect } from '../../src/event-store';
import { createPostgresDatabase, createSqliteDatabase } from '../support/databases';

/**
 * The bench's naive baseline inserts into a copy of the `events` table, kept as a copy so that
 * the baseline does not move by accident. It must still have the same columns and indexes as
 * the table Herald's migrations make, or the ratios compare unlike things.
 */
describe("the bench baseline's events table matches Herald's", () => {
  async function migrate(url: string): Promise<void> {
    const store = new KyselyEventStore(openDialect(parseDatabaseUrl(url)));
    try {
      await store.migrate();
    } finally {
      await store.close();
    }
  }

  it('on SQLite', async () => {
    const herald = createSqliteDatabase();
    try {
      await migrate(herald.url);
      const migrated = new Database(parseSqliteFile(herald.url), { readonly: true });
      const copy = new Database(':memory:');
      for (const statement of EVENTS_DDL.sqlite) copy.exec(statement);
      expect(sqliteShape(copy)).toEqual(sqliteShape(migrated));
      migrated.close();
      copy.close();
    } finally {
      await herald.drop();
    }
  });

  it('on PostgreSQL', async () => {
    const [herald, baseline] = await Promise.all([
      createPostgresDatabase('bench_schema_herald'),
      createPostgresDatabase('bench_schema_copy'),
    ]);
    try {
      await migrate(herald.url);
      const copy = await connected(baseline.url);
      for (const statement of EVENTS_DDL.postgres) await copy.query(statement);
      const migrated = await connected(herald.url);
      expect(await postgresShape(copy)).toEqual(await postgresShape(migrated));
      await Promise.all([copy.end(), migrated.end()]);
    } finally {
      await Promise.all([herald.drop(), baseline.drop()]);
    }
  });
});

const parseSqliteFile = (url: string) => url.slice('sqlite:'.length);

async function connected(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Columns (name, type, not null, key) and indexes (name, columns, unique) of `events`. */
function sqliteShape(db: Database.Database) {
  const columns = db.prepare(`select name, type, "notnull", pk from pragma_table_info('events')`).all();
  const indexes = (
    db.prepare(`select name, "unique" from pragma_index_list('events')`).all() as Array<{
      name: string;
      unique: number;
    }>
  )
    .map(({ name, unique }) => ({
      // Automatic indexes of UNIQUE constraints are named by SQLite, in declaration order.
      name,
      unique,
      columns: (db.prepare(`select name from pragma_index_info(?)`).all(name) as Array<{ name: string }>).map(
        (column) => column.name,
      ),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { columns, indexes };
}

async function postgresShape(client: Client) {
  const { rows: columns } = await client.query(
    `select column_name, data_type, is_nullable, column_default, is_identity
       from information_schema.columns where table_name = 'events' order by ordinal_position`,
  );
  const { rows: indexes } = await client.query(
    `select indexname, indexdef from pg_indexes where tablename = 'events' order by indexname`,
  );
  return { columns, indexes };
}
