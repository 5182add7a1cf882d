import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createSqliteDatabase } from '../support/databases';
import { uniqueNamespace } from '../support/namespace';
import { exitOf } from '../support/process';
import { deleteNamespace } from '../support/broker';

describe('the catalog at boot', () => {
  it('refuses to start with a gap in an upcaster chain, naming the type and versions', async () => {
    const database = createSqliteDatabase();
    const namespace = uniqueNamespace('catalog-gap');
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        join(__dirname, '..', 'support', 'boot-with-broken-catalog.ts'),
      ],
      {
        env: { ...process.env, DATABASE_URL: database.url, HERALD_NAMESPACE: namespace, LEGACY_QUEUE: 'off' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      expect(await exitOf(child, 60_000)).toBe(1);
      expect(output).toMatch(/broken\.chain: version 2 has no upcaster to version 3/);
    } finally {
      await database.drop();
      await deleteNamespace(namespace);
    }
  });
});
