import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ChannelModel } from 'amqplib';

const run = promisify(execFile);

/** Namespaces this run gave out, so that one cleanup removes all of them. */
const given: string[] = [];

/** A namespace of the bench's own, `bench-<label>-<random>`, valid as HERALD_NAMESPACE. */
export function benchNamespace(label: string): string {
  const namespace = `bench-${label}-${randomBytes(3).toString('hex')}`;
  given.push(namespace);
  return namespace;
}

/** Names of the broker's objects of a kind, or undefined when rabbitmqctl cannot list them. */
async function listed(kind: 'exchanges' | 'queues'): Promise<string[] | undefined> {
  try {
    const { stdout } = await run('rabbitmqctl', ['-q', `list_${kind}`, 'name', '--no-table-headers'], {
      timeout: 30_000,
    });
    return stdout.split('\n').map((line) => line.trim());
  } catch {
    return undefined;
  }
}

async function remove(connection: ChannelModel, kind: 'queue' | 'exchange', name: string): Promise<void> {
  // A channel per deletion: a refused one closes its channel, and the rest must still go.
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await (kind === 'queue' ? channel.deleteQueue(name) : channel.deleteExchange(name));
    await channel.close();
  } catch {
    // Already gone, or its channel closed: nothing more to do for this one.
  }
}

/**
 * Deletes every queue and exchange of every namespace given out. Herald may declare more than
 * today's names, so the broker is asked once what exists; the known names are the fallback.
 */
export async function deleteBenchNamespaces(connection: ChannelModel): Promise<void> {
  if (given.length === 0) return;
  const [queues, exchanges] = await Promise.all([listed('queues'), listed('exchanges')]);
  const ours = (name: string) => given.some((namespace) => name.startsWith(`${namespace}.`));
  const known = (suffixes: string[]) => given.flatMap((ns) => suffixes.map((suffix) => `${ns}.${suffix}`));
  for (const name of queues?.filter(ours) ?? known(['unrouted', 'bench-tap'])) {
    await remove(connection, 'queue', name);
  }
  for (const name of exchanges?.filter(ours) ?? known(['events', 'unrouted'])) {
    await remove(connection, 'exchange', name);
  }
  given.length = 0;
}
