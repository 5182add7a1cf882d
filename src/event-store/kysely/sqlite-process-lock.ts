import Database from 'better-sqlite3';
import { SqliteFileInUseError } from '../errors/sqlite-file-in-use.error';

/**
 * Keeps one process per SQLite store: an exclusive transaction held open on a lock file beside
 * the database (`<db>-lock`). The operating system drops the lock with the process, even on
 * `kill -9`, so a refusal never outlives its holder. The database itself stays in normal locking
 * mode, so `sqlite3 .backup` and other readers keep working.
 */
export class SqliteProcessLock {
  private constructor(private readonly connection: Database.Database) {}

  /** @throws SqliteFileInUseError when another process (or another store here) holds the file. */
  static acquire(filename: string): SqliteProcessLock {
    const connection = new Database(`${filename}-lock`);
    try {
      // No waiting: a holder keeps the lock for its whole life.
      connection.pragma('busy_timeout = 0');
      connection.exec('begin exclusive');
    } catch (error) {
      connection.close();
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY'))
        throw new SqliteFileInUseError(filename);
      throw error;
    }
    return new SqliteProcessLock(connection);
  }

  release(): void {
    if (!this.connection.open) return;
    this.connection.exec('rollback');
    this.connection.close();
  }
}
