import { Logger } from '@nestjs/common';
import { ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';

/**
 * Nest's RMQ server with two fixes for a connection that drops while the consumer is set up (the
 * app closing as it connects, a broker outage): its channel gets an 'error' listener, and the
 * `consume` call it neither awaits nor catches gets a handler. Either would otherwise surface as
 * an unhandled error and take the process down; the connection manager sets up again on reconnect.
 */
export class LegacyRmqServer extends ServerRMQ {
  private readonly log = new Logger('LegacyOrderIngress');

  override createClient<T = AmqpConnectionManager>(): T {
    const manager = super.createClient<AmqpConnectionManager>();
    const createChannel = manager.createChannel.bind(manager);
    manager.createChannel = (options?: CreateChannelOpts): ChannelWrapper => {
      const channel = createChannel(options);
      channel.on('error', (error: Error) => this.log.warn(`legacy queue channel: ${error.message}`));
      return channel;
    };
    return manager as T;
  }

  override async setupChannel(channel: ConsumingChannel, callback: () => void): Promise<void> {
    const consume = channel.consume.bind(channel);
    channel.consume = (...args) => {
      const consuming = consume(...args);
      consuming.catch((error: Error) => this.log.warn(`legacy queue consumer not started: ${error.message}`));
      return consuming;
    };
    return super.setupChannel(channel, callback);
  }
}

/** The part of an amqplib channel this server wraps. */
interface ConsumingChannel {
  consume: (...args: unknown[]) => Promise<unknown>;
}
