import { AmqpConnection } from '@golevelup/nestjs-rabbitmq';
import { Inject, Injectable } from '@nestjs/common';
import { TOPOLOGY } from './messaging.di-tokens';
import type { Topology } from './topology';

/** Why a broker probe failed, in words an operator can act on. */
export class BrokerUnavailableError extends Error {
  readonly code = 'messaging.broker-unavailable';

  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BrokerUnavailableError';
  }
}

/**
 * The live state of the RabbitMQ connection. {@link probe} asks the broker itself rather than
 * trusting a flag: a half-open TCP connection still reads as "connected" until heartbeats fail.
 */
@Injectable()
export class BrokerStatus {
  constructor(
    private readonly amqp: AmqpConnection,
    @Inject(TOPOLOGY) private readonly topology: Topology,
  ) {}

  /** Whether the connection manager currently holds an open connection. */
  get connected(): boolean {
    return this.amqp.connected;
  }

  /**
   * Opens a throwaway channel, checks that the events exchange exists and closes the channel.
   * @throws BrokerUnavailableError when there is no connection, the broker does not answer within
   *   `timeoutMs`, or the exchange is missing.
   */
  async probe(timeoutMs: number): Promise<void> {
    const connection = this.amqp.managedConnection.connection;
    if (!this.connected || connection === undefined) {
      throw new BrokerUnavailableError('not connected to RabbitMQ');
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BrokerUnavailableError(`RabbitMQ did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const check = (async () => {
      const channel = await connection.createChannel();
      // A failed check closes the channel on the broker side; an error listener keeps it from
      // surfacing as an unhandled 'error' event.
      channel.on('error', () => undefined);
      try {
        await channel.checkExchange(this.topology.eventsExchange);
      } catch (error) {
        throw new BrokerUnavailableError(
          `exchange ${this.topology.eventsExchange} is missing: ${(error as Error).message}`,
        );
      }
      await channel.close();
    })();
    try {
      await Promise.race([check, timeout]);
    } finally {
      clearTimeout(timer);
      // Once the race is settled a late rejection of `check` must not become unhandled.
      check.catch(() => undefined);
    }
  }
}
