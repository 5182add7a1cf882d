/**
 * How a database driver error is to be treated: `unavailable` may succeed later, `invalid-input`
 * never will, `fault` is unrecognised. `reason` is plain words, safe to show to a client.
 */
export type DriverErrorClass =
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'invalid-input'; readonly reason: string }
  | { readonly kind: 'fault' };

const unavailable = (reason: string): DriverErrorClass => ({ kind: 'unavailable', reason });
const invalid = (reason: string): DriverErrorClass => ({ kind: 'invalid-input', reason });

/** PostgreSQL SQLSTATEs with a reason of their own; the rest go by class (first two characters). */
const POSTGRES_STATES: Record<string, DriverErrorClass> = {
  '22P05': invalid('a string contains \\u0000 or a character the database encoding cannot hold'),
  '22021': invalid('a string is not valid UTF-8 text'),
  '22P02': invalid('a value is not valid for its type (for example JSON with a lone surrogate)'),
  '22001': invalid('a value is too long for the store'),
  '22003': invalid('a number is out of the range the store can hold'),
  '54000': invalid('a value is too large to index'),
  '23502': invalid('a required value is missing'),
  '23505': invalid('a value must be unique and is already stored'),
  '55P03': unavailable('a lock could not be taken in time'),
  '57014': unavailable('the statement took too long and was cancelled'),
  // The database was dropped or renamed under the service, or a failover left it on a standby.
  '3D000': unavailable('the database does not exist now'),
  '25006': unavailable('the database is read-only now (a standby?)'),
  '25P03': unavailable('a transaction stayed idle too long and was ended'),
};

const POSTGRES_CLASSES: Record<string, DriverErrorClass> = {
  '08': unavailable('the connection to the database failed'),
  '40': unavailable('the transaction was rolled back by a conflict with another'),
  '53': unavailable('the database is out of resources'),
  '57': unavailable('the database is shutting down or cancelled the statement'),
  '22': invalid('a value is not valid for the store'),
  '54': invalid('the request exceeds a limit of the store'),
  '23': invalid('a value breaks a rule of the store'),
};

/** better-sqlite3 codes: the extended code first, then its primary code. */
const SQLITE_CODES: Record<string, DriverErrorClass> = {
  SQLITE_BUSY: unavailable('the database file is busy'),
  SQLITE_LOCKED: unavailable('the database file is locked'),
  SQLITE_FULL: unavailable('the disk is full'),
  SQLITE_IOERR: unavailable('the database file could not be read or written'),
  SQLITE_CANTOPEN: unavailable('the database file could not be opened'),
  SQLITE_TOOBIG: invalid('a value is too large for the store'),
  SQLITE_MISMATCH: invalid('a value has the wrong type for the store'),
  SQLITE_CONSTRAINT_NOTNULL: invalid('a required value is missing'),
  SQLITE_CONSTRAINT_UNIQUE: invalid('a value must be unique and is already stored'),
  SQLITE_CONSTRAINT: invalid('a value breaks a rule of the store'),
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** What pg and better-sqlite3 throw without a code when a connection is lost or times out. */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|is not queryable|after calling end on the pool|connection is not open|driver has already been destroyed/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Unique keys that two appenders can race for (the event id, the stream version, the idempotency
 * key): the appender re-reads after such a violation, so one still lost after its last attempt
 * is contention that a retry settles, not a bad request.
 */
const RACED_CONSTRAINTS = new Set([
  'events_id_key',
  'events_subject_stream_version_key',
  'idempotency_keys_pkey',
]);
const RACED_SQLITE_COLUMNS = /(events\.id|events\.subject, events\.stream_version|idempotency_keys\.key)$/;
const raced = unavailable('another append took the same key at the same time');

/** Errors whose code alone would mislead: the constraint or message tells them apart. */
function classifySpecial(code: string, error: unknown): DriverErrorClass | undefined {
  const { constraint, message } = (error ?? {}) as { constraint?: unknown; message?: unknown };
  if (code === '23505' && typeof constraint === 'string' && RACED_CONSTRAINTS.has(constraint)) return raced;
  if (/^SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY)$/.test(code) && typeof message === 'string') {
    if (RACED_SQLITE_COLUMNS.test(message)) return raced;
  }
  // The append trigger's pg_notify: the queue drains as listeners read, so a retry may pass.
  if (code === '54000' && typeof message === 'string' && /too many notifications/i.test(message)) {
    return unavailable('the database is out of room for notifications');
  }
  return undefined;
}

function classifyCode(code: string, error: unknown): DriverErrorClass | undefined {
  const special = classifySpecial(code, error);
  if (special !== undefined) return special;
  if (code.startsWith('SQLITE_')) {
    return SQLITE_CODES[code] ?? SQLITE_CODES[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')];
  }
  if (NETWORK_CODES.has(code)) return unavailable('the database cannot be reached');
  if (/^[0-9A-Z]{5}$/.test(code)) return POSTGRES_STATES[code] ?? POSTGRES_CLASSES[code.slice(0, 2)];
  return undefined;
}

/**
 * Sorts a driver error into retryable, permanent or unknown, by SQLSTATE on PostgreSQL, by
 * result code on SQLite and by errno or message for lost connections.
 */
export function classifyDriverError(error: unknown): DriverErrorClass {
  // Node reports a refused connection to a host with several addresses as an AggregateError.
  const errors = error instanceof AggregateError ? [error, ...(error.errors as unknown[])] : [error];
  for (const candidate of errors) {
    const code = codeOf(candidate);
    const known = code === undefined ? undefined : classifyCode(code, candidate);
    if (known !== undefined) return known;
  }
  const message = error instanceof Error ? error.message : String(error);
  if (CONNECTION_MESSAGES.test(message)) return unavailable('the connection to the database was lost');
  return { kind: 'fault' };
}
