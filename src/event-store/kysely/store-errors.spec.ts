import { InvalidStoreInputError } from '../errors/invalid-store-input.error';
import { StoreFaultError } from '../errors/store-fault.error';
import { StoreUnavailableError } from '../errors/store-unavailable.error';
import { VersionConflictError } from '../errors/version-conflict.error';
import { toStoreError } from './store-errors';

const driverError = (code: string, message = `raw driver text ${code}`) =>
  Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it.each([
    ['08006', 'connection failure'],
    ['40001', 'serialization failure'],
    ['40P01', 'deadlock'],
    ['53100', 'disk full'],
    ['57P01', 'admin shutdown'],
    ['57014', 'statement timeout'],
    ['55P03', 'lock timeout'],
    ['3D000', 'database dropped'],
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'busy snapshot'],
    ['ECONNREFUSED', 'refused'],
  ])('makes %s (%s) StoreUnavailableError', (code) => {
    const error = toStoreError(driverError(code));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).not.toContain('raw driver text');
  });

  it.each([
    ['22P05', /\\u0000/],
    ['22021', /UTF-8/],
    ['22007', /not valid/],
    ['54000', /too large to index/],
    ['54001', /limit/],
    ['23502', /required/],
    ['23514', /rule/],
    ['23505', /unique/],
    ['SQLITE_TOOBIG', /too large/],
    ['SQLITE_MISMATCH', /wrong type/],
    ['SQLITE_CONSTRAINT_NOTNULL', /required/],
    ['SQLITE_CONSTRAINT_CHECK', /rule/],
  ])('makes %s InvalidStoreInputError with a plain reason', (code, reason) => {
    const error = toStoreError(driverError(code));
    expect(error).toBeInstanceOf(InvalidStoreInputError);
    expect((error as InvalidStoreInputError).reason).toMatch(reason);
    expect(error.message).not.toContain('raw driver text');
  });

  it.each([
    ['Connection terminated unexpectedly'],
    ['Query read timeout'],
    ['timeout exceeded when trying to connect'],
  ])('makes pg\'s "%s" StoreUnavailableError', (message) => {
    expect(toStoreError(new Error(message))).toBeInstanceOf(StoreUnavailableError);
  });

  it('looks inside an AggregateError of refused addresses', () => {
    const refused = new AggregateError([driverError('ECONNREFUSED'), driverError('ECONNREFUSED')], 'x');
    expect(toStoreError(refused)).toBeInstanceOf(StoreUnavailableError);
  });

  it.each([
    ['23505', { constraint: 'events_id_key' }],
    ['23505', { constraint: 'events_subject_stream_version_key' }],
    ['23505', { constraint: 'idempotency_keys_pkey' }],
    ['SQLITE_CONSTRAINT_UNIQUE', { message: 'UNIQUE constraint failed: events.id' }],
    [
      'SQLITE_CONSTRAINT_UNIQUE',
      { message: 'UNIQUE constraint failed: events.subject, events.stream_version' },
    ],
    ['SQLITE_CONSTRAINT_PRIMARYKEY', { message: 'UNIQUE constraint failed: idempotency_keys.key' }],
    ['54000', { message: 'too many notifications in the NOTIFY queue' }],
  ])('makes %s on a contended key or a full NOTIFY queue StoreUnavailableError', (code, detail) => {
    const error = toStoreError(Object.assign(driverError(code), detail));
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(error.message).not.toContain('NOTIFY');
  });

  it.each([
    ['23505', { constraint: 'dead_letters_pkey' }],
    ['SQLITE_CONSTRAINT_UNIQUE', { message: 'UNIQUE constraint failed: dead_letters.id' }],
    ['54000', { message: 'index row requires 9000 bytes, maximum size is 8191' }],
  ])('keeps %s on anything else InvalidStoreInputError', (code, detail) => {
    expect(toStoreError(Object.assign(driverError(code), detail))).toBeInstanceOf(InvalidStoreInputError);
  });

  it.each([['42703'], ['XX000'], ['SQLITE_ERROR'], ['SQLITE_RANGE'], ['ENOSPCX']])(
    'makes anything else (%s) a StoreFaultError keeping the detail in its cause',
    (code) => {
      const original = driverError(code);
      const error = toStoreError(original);
      expect(error).toBeInstanceOf(StoreFaultError);
      expect(error.message).not.toContain('raw driver text');
      expect(error.cause).toBe(original);
    },
  );

  it('passes domain errors through', () => {
    const conflict = new VersionConflictError('s', 1, 2);
    expect(toStoreError(conflict)).toBe(conflict);
  });
});
