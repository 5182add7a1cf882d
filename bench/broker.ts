import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ChannelModel } from 'amqplib';

const run = promisify(execFile);

/** Names of the broker's objects of a kind under `{namespace}.`, or undefined without rabbitmqctl. */
async function listed(kind: 'exchanges' | 'queues', namespace: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', `list_${kind}`, 'name', '--no-table-headers'], {
      timeout: 30_000,
    });
    return stdout
      .split('\n')
      .map((line) => line.trim())
      .filter((name) => name.startsWith(`${namespace}.`));
  } catch {
    return undefined;
  }
}

/**
 * Deletes every queue and exchange of a bench namespace. Herald may declare more than today's
 * names, so the broker is asked what exists; the known names are the fallback.
 */
export async function deleteNamespace(connection: ChannelModel, namespace: string): Promise<void> {
  const queues = (await listed('queues', namespace)) ?? [`${namespace}.unrouted`, `${namespace}.bench-tap`];
  const exchanges = (await listed('exchanges', namespace)) ?? [
    `${namespace}.events`,
    `${namespace}.unrouted`,
  ];
  // A channel per deletion: a refused one closes its channel, and the rest must still go.
  for (const [kind, names] of [
    ['queue', queues],
    ['exchange', exchanges],
  ] as const) {
    for (const name of names) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        await (kind === 'queue' ? channel.deleteQueue(name) : channel.deleteExchange(name));
        await channel.close();
      } catch {
        // Already gone, or its channel closed: nothing more to do for this one.
      }
    }
  }
}
