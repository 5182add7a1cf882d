import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { connect } from 'amqplib';

const run = promisify(execFile);

/** The broker the suites run against. */
export const AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
  return stdout;
}

/** Names of the broker's objects of a kind (`exchanges` or `queues`) that start with `prefix`. */
export async function listByPrefix(kind: 'exchanges' | 'queues', prefix: string): Promise<string[]> {
  const out = await rabbitmqctl(`list_${kind}`, 'name', '--no-table-headers');
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter((name) => name.startsWith(`${prefix}.`));
}

/** Deletes every exchange and queue of a namespace. */
export async function deleteNamespace(namespace: string): Promise<void> {
  const [queues, exchanges] = await Promise.all([
    listByPrefix('queues', namespace),
    listByPrefix('exchanges', namespace),
  ]);
  const connection = await connect(AMQP_URL);
  try {
    const channel = await connection.createChannel();
    for (const queue of queues) await channel.deleteQueue(queue);
    for (const exchange of exchanges) await channel.deleteExchange(exchange);
    await channel.close();
  } finally {
    await connection.close();
  }
}

/**
 * Force-closes the broker connections whose client-given name is `name`, as a network cut or a
 * broker restart would, without touching the other suites' connections.
 * @returns how many connections were closed.
 */
export async function closeConnectionsNamed(name: string): Promise<number> {
  // RabbitMQ 3.10 has no user_provided_name column: the name is inside client_properties.
  const out = await rabbitmqctl('list_connections', 'pid', 'client_properties', '--no-table-headers');
  const pids = out
    .split('\n')
    .filter((line) => line.includes(`{"connection_name","${name}"}`))
    .map((line) => line.trim().split(/\s+/)[0]);
  for (const pid of pids) await rabbitmqctl('close_connection', pid, 'test: simulated connection loss');
  return pids.length;
}
