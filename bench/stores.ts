import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { onCleanup } from './cleanup';

/** A database made for this run, dropped by the cleanup. */
export interface BenchDatabase {
  /** `DATABASE_URL` for Herald: `postgres://…` or `sqlite:<file>`. */
  readonly url: string;
}

async function asAdmin(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** An empty PostgreSQL database `herald_bench_<label>_<random>` on the admin URL's server. */
export async function createPostgresDatabase(adminUrl: string, label: string): Promise<BenchDatabase> {
  const name = `herald_bench_${label}_${randomBytes(4).toString('hex')}`;
  await asAdmin(adminUrl, `create database "${name}"`);
  // FORCE: a child killed mid-run may leave a session behind.
  onCleanup(`database ${name}`, () => asAdmin(adminUrl, `drop database if exists "${name}" with (force)`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString() };
}

/** A SQLite file in a temporary folder of its own (WAL and SHM files land beside it). */
export function createSqliteDatabase(label: string): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), `herald-bench-${label}-`));
  onCleanup(`folder ${dir}`, () => rmSync(dir, { recursive: true, force: true }));
  return { url: `sqlite:${join(dir, 'herald.db')}` };
}
