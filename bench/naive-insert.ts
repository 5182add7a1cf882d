import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { EVENTS_DDL, INSERT_COLUMNS } from './events-ddl';
import { naiveRow } from './workload';

const columns = INSERT_COLUMNS.join(', ');

/**
 * The database's own durable speed for Herald's row: one transaction per event, no batching.
 * PostgreSQL: `clients` sessions inserting concurrently (commits may share WAL flushes, as the
 * server allows). @returns committed events per second.
 */
export async function naivePostgres(url: string, clients: number, seconds: number): Promise<number> {
  const pool = new Pool({ connectionString: url, max: clients });
  try {
    for (const statement of EVENTS_DDL.postgres) await pool.query(statement);
    const placeholders = INSERT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const insert = { name: 'naive-insert', text: `insert into events (${columns}) values (${placeholders})` };
    const deadline = Date.now() + seconds * 1000;
    let committed = 0;
    const client = async () => {
      const session = await pool.connect();
      try {
        while (Date.now() < deadline) {
          await session.query('begin');
          await session.query({ ...insert, values: naiveRow() });
          await session.query('commit');
          committed++;
        }
      } finally {
        session.release();
      }
    };
    const started = Date.now();
    await Promise.all(Array.from({ length: clients }, client));
    return committed / ((Date.now() - started) / 1000);
  } finally {
    await pool.end();
  }
}

/**
 * SQLite: one connection in WAL mode with `synchronous = FULL`, so each commit is fsynced before
 * it returns, which is what a `202` that means durable needs. @returns committed events per second.
 */
export async function naiveSqlite(file: string, seconds: number): Promise<number> {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    for (const statement of EVENTS_DDL.sqlite) db.exec(statement);
    const placeholders = INSERT_COLUMNS.map(() => '?').join(', ');
    const insert = db.prepare(`insert into events (${columns}) values (${placeholders})`);
    const commitOne = db.transaction(() => insert.run(...naiveRow()));
    const started = Date.now();
    const deadline = started + seconds * 1000;
    let committed = 0;
    while (Date.now() < deadline) {
      // Slices, so that the run's deadline and signals are still heard between them.
      const slice = Math.min(Date.now() + 100, deadline);
      while (Date.now() < slice) {
        commitOne();
        committed++;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    return committed / ((Date.now() - started) / 1000);
  } finally {
    db.close();
  }
}
