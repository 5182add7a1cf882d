/**
 * Another process already holds the SQLite store. SQLite serves one process; several processes
 * need PostgreSQL. Raised at boot, before anything is read or written.
 */
export class SqliteFileInUseError extends Error {
  readonly code = 'event-store.sqlite-in-use';

  constructor(readonly filename: string) {
    super(
      `the SQLite store ${filename} is already in use by another Herald process. ` +
        'SQLite serves one process at a time: stop the other process, or give this one a file of ' +
        'its own, or use PostgreSQL (DATABASE_URL=postgres://…) to run more than one process on one store.',
    );
    this.name = 'SqliteFileInUseError';
  }
}
