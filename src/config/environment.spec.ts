import { loadEnvironment } from './environment';
import { InvalidConfigurationError } from './invalid-configuration.error';
import { parseDatabaseUrl } from './namespaces/store.config';
import { parseRoles } from './validators';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadEnvironment(env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return [...error.problems];
    throw error;
  }
  return [];
};

describe('loadEnvironment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({
      PORT: 3000,
      AMQP_URL: 'amqp://guest:guest@127.0.0.1:5672',
      HERALD_NAMESPACE: 'herald',
      HERALD_ROLES: 'api,worker',
      RATE_LIMIT_RPS: 1000,
      RATE_LIMIT_BURST: 2000,
      RETRY_MAX_ATTEMPTS: 5,
      RETRY_BASE_MS: 1000,
      MAX_BODY_BYTES: 1_048_576,
      MAX_PAGE_BYTES: 4_194_304,
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_SERVICE_NAME: 'herald',
    });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('treats blank values as unset', () => {
    expect(loadEnvironment({ PORT: ' ', REDIS_URL: '' })).toMatchObject({ PORT: 3000, REDIS_URL: undefined });
  });

  it('bounds MAX_PAGE_BYTES', () => {
    expect(loadEnvironment({ MAX_PAGE_BYTES: '1048576' }).MAX_PAGE_BYTES).toBe(1_048_576);
    expect(problemsOf({ MAX_PAGE_BYTES: '100' })).toEqual([expect.stringMatching(/^MAX_PAGE_BYTES:/)]);
  });

  it('parses numbers strictly', () => {
    expect(loadEnvironment({ PORT: '8080' }).PORT).toBe(8080);
    expect(problemsOf({ PORT: 'abc' })).toEqual([expect.stringMatching(/^PORT: .*integer.*"abc"/)]);
    expect(problemsOf({ PORT: '80abc' })).toEqual([expect.stringMatching(/^PORT:/)]);
    expect(problemsOf({ PORT: '70000' })).toEqual([expect.stringMatching(/^PORT: .*65535/)]);
  });

  it('names every bad key in one error', () => {
    const problems = problemsOf({
      AMQP_URL: 'http://broker',
      HERALD_ROLES: 'api,chef',
      LOG_LEVEL: 'loud',
      INVENTORY_SEED: '{"p-1":-1}',
      DATABASE_URL: 'mysql://x',
    });
    const keys = problems.map((line) => line.split(':')[0]);
    expect(keys.sort()).toEqual(['AMQP_URL', 'DATABASE_URL', 'HERALD_ROLES', 'INVENTORY_SEED', 'LOG_LEVEL']);
  });

  it('refuses a namespace that would make invalid broker names', () => {
    expect(problemsOf({ HERALD_NAMESPACE: 'Has Spaces' })).toEqual([
      expect.stringMatching(/^HERALD_NAMESPACE/),
    ]);
  });
});

describe('parseRoles', () => {
  it('splits and trims', () => {
    expect(parseRoles(' api , worker ')).toEqual(['api', 'worker']);
    expect(parseRoles('worker')).toEqual(['worker']);
  });
});

describe('parseDatabaseUrl', () => {
  it('defaults to the embedded SQLite file', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ dialect: 'sqlite', filename: './data/herald.db' });
  });
  it('takes sqlite:<path> and postgres URLs', () => {
    expect(parseDatabaseUrl('sqlite:/tmp/x.db')).toEqual({ dialect: 'sqlite', filename: '/tmp/x.db' });
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u@h/db',
    });
  });
});
