import { Logger } from '@nestjs/common';
import { ServerRMQ } from '@nestjs/microservices';
import type { AmqpConnectionManager, ChannelWrapper, CreateChannelOpts } from 'amqp-connection-manager';

/**
 * Nest's RMQ server with one fix: its channel gets an 'error' listener. Without one, a channel
 * whose setup is cut short (the app closing while it connects, the broker dropping the connection
 * mid-setup) emits an unhandled 'error' event and takes the process down.
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
}
