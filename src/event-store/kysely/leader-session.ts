import type { CompiledQuery, Kysely } from 'kysely';
import type { Pool, PoolClient } from 'pg';
import { RelayLeadershipLostError } from '../errors/relay-leadership-lost.error';
import type { HeraldDatabase } from './database';

/**
 * The database session that holds a relay's lock. Everything the leader does in the database
 * runs here, so that when the session dies the lock and the leader's next statement fail together.
 */
export interface LeaderSession {
  /** Runs a compiled query on the session. @throws RelayLeadershipLostError once the session is gone */
  execute<R>(query: CompiledQuery<R>): Promise<R[]>;
  /** Asks the server whether this session still holds the lock. @throws RelayLeadershipLostError */
  confirmLock(): Promise<void>;
  /** Unlocks and ends the session. Never throws. */
  release(): Promise<void>;
}

const lockKey = (relay: string) => `herald-relay:${relay}`;

/** SQLSTATE of `set` on a setting the server does not know. */
const UNDEFINED_SETTING = '42704';

/**
 * Takes the relay's session-level advisory lock on a pool client of its own. A session that idles
 * longer than `idleTimeoutMs` is ended by the server, which releases the lock even when the
 * leader's network went silent and no FIN ever arrives.
 * @returns undefined when another session holds the lock.
 */
export async function leadOnPostgres(
  pool: Pool,
  relay: string,
  { idleTimeoutMs, queryTimeoutMs }: { idleTimeoutMs: number; queryTimeoutMs: number },
): Promise<LeaderSession | undefined> {
  const client = await pool.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
      [lockKey(relay)],
    );
    if (rows[0]?.locked !== true) {
      client.release();
      return undefined;
    }
    await client
      .query(`set idle_session_timeout = ${Math.max(1, Math.trunc(idleTimeoutMs))}`)
      .catch((error: { code?: string }) => {
        // Before PostgreSQL 14 there is no such setting: TCP keepalives alone end a silent session.
        if (error.code !== UNDEFINED_SETTING) throw error;
      });
  } catch (error) {
    // A client whose statement failed may be broken: end it rather than hand it back to the pool.
    client.release(error as Error);
    throw error;
  }
  return new PostgresLeaderSession(client, relay, queryTimeoutMs);
}

class PostgresLeaderSession implements LeaderSession {
  private lost: Error | undefined;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: PoolClient,
    private readonly relay: string,
    private readonly queryTimeoutMs: number,
  ) {
    // The pool stops watching a checked-out client: without a listener its error would crash the process.
    client.on('error', (error) => this.lose(error));
  }

  async execute<R>(query: CompiledQuery<R>): Promise<R[]> {
    return this.run<R>(query.sql, query.parameters);
  }

  async confirmLock(): Promise<void> {
    const rows = await this.run<{ held: boolean }>(
      `select exists (
         select 1 from pg_locks
          where locktype = 'advisory' and pid = pg_backend_pid() and granted and objsubid = 1
            and ((classid::bigint << 32) | objid::bigint) = hashtextextended($1, 0)
       ) as held`,
      [lockKey(this.relay)],
    );
    if (rows[0]?.held !== true) {
      this.lose(new Error('the advisory lock is no longer held by this session'));
      throw new RelayLeadershipLostError(this.relay, 'the lock is no longer held');
    }
  }

  async release(): Promise<void> {
    if (this.lost) return;
    try {
      await this.run('select pg_advisory_unlock(hashtextextended($1, 0))', [lockKey(this.relay)]);
    } catch {
      // The lock goes with the session, which lose() below ends anyway.
    }
    // Ended, never returned to the pool: the session carries an idle timeout of its own.
    this.lose(new Error('relay leadership released'));
  }

  /** Statements run one after the other: a pg client must not be handed a second one mid-flight. */
  private run<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    const next = this.tail.then(() => this.send<R>(text, values));
    this.tail = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async send<R>(text: string, values: readonly unknown[]): Promise<R[]> {
    if (this.lost) throw new RelayLeadershipLostError(this.relay, this.lost.message);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.queryTimeoutMs} ms`)),
        this.queryTimeoutMs,
      );
    });
    try {
      const result = await Promise.race([this.client.query(text, values as unknown[]), timeout]);
      return result.rows as R[];
    } catch (error) {
      this.lose(error as Error);
      throw new RelayLeadershipLostError(this.relay, (error as Error).message, { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives the session up for good; the server drops the lock when the connection ends. */
  private lose(reason: Error): void {
    if (this.lost) return;
    this.lost = reason;
    this.client.release(reason);
  }
}

/** SQLite belongs to one process (a lock file guards it): its relay always leads. */
export function leadOnSqlite(db: Kysely<HeraldDatabase>): LeaderSession {
  return {
    execute: async <R>(query: CompiledQuery<R>) => (await db.executeQuery(query)).rows,
    confirmLock: () => Promise.resolve(),
    release: () => Promise.resolve(),
  };
}
