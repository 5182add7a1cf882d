import { connect, type ChannelModel, type ConsumeMessage } from 'amqplib';
import { AMQP_URL } from './broker';

/**
 * A consumer bound to `{ns}.events` with `#`, straight on the broker: what any subscriber of
 * Herald's exchange would receive.
 */
export class EventTap {
  readonly messages: ConsumeMessage[] = [];
  private constructor(private readonly connection: ChannelModel) {}

  static async open(namespace: string, routingKey = '#'): Promise<EventTap> {
    const connection = await connect(AMQP_URL);
    const tap = new EventTap(connection);
    const channel = await connection.createChannel();
    const exchange = `${namespace}.events`;
    await channel.assertExchange(exchange, 'topic', {
      durable: true,
      alternateExchange: `${namespace}.unrouted`,
    });
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, exchange, routingKey);
    await channel.consume(queue, (message) => message && tap.messages.push(message), { noAck: true });
    return tap;
  }

  /** Message bodies parsed as JSON. */
  bodies(): Array<Record<string, any>> {
    return this.messages.map((message) => JSON.parse(message.content.toString()) as Record<string, any>);
  }

  close(): Promise<void> {
    return this.connection.close();
  }
}
