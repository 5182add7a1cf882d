import { deleteNamespace } from '../support/broker';
import { uniqueNamespace } from '../support/namespace';
import { eventually } from '../support/poll';
import { exitOf, spawnHerald } from '../support/process';

describe('the herald process', () => {
  it('refuses to start with a bad PORT, exiting non-zero with a message naming PORT', async () => {
    const child = spawnHerald({ PORT: 'abc' });
    const code = await exitOf(child, 30_000);
    expect(code).not.toBe(0);
    expect(child.output()).toMatch(/PORT/);
    expect(child.output()).toContain('Invalid configuration');
  });

  it('names every bad key at once', async () => {
    const child = spawnHerald({ PORT: '3000', RETRY_MAX_ATTEMPTS: 'many', HERALD_ROLES: 'api,cook' });
    expect(await exitOf(child, 30_000)).not.toBe(0);
    expect(child.output()).toMatch(/RETRY_MAX_ATTEMPTS/);
    expect(child.output()).toMatch(/HERALD_ROLES/);
  });

  it('serves, then shuts down cleanly on SIGTERM', async () => {
    const namespace = uniqueNamespace('lifecycle');
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const child = spawnHerald({ PORT: port, HOST: '127.0.0.1', HERALD_NAMESPACE: namespace });
    try {
      await eventually(
        async () => ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200 ? true : undefined),
        { what: 'the process to serve /health with 200', timeoutMs: 30_000 },
      );
      // Once the topology is declared (a signal in the middle of declaring it is another test).
      await eventually(
        () => (child.output().includes('Successfully connected a RabbitMQ channel') ? true : undefined),
        {
          what: 'the channel setup to finish',
        },
      );
      child.kill('SIGTERM');
      // Nest re-raises the signal after its hooks: a clean exit is "killed by SIGTERM", code null.
      const code = await exitOf(child, 15_000);
      expect(code === 0 || code === null).toBe(true);
      expect(child.output()).toContain('SIGTERM received');
      const afterSignal = child.output().split('SIGTERM received')[1] ?? '';
      expect(afterSignal).not.toMatch(/"level":(50|60)/);
    } finally {
      child.kill('SIGKILL');
      await deleteNamespace(namespace);
    }
  });
});
