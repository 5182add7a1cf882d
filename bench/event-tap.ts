import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';

/** A message as it arrived, enough to publish the same thing again. */
export interface CapturedMessage {
  readonly routingKey: string;
  readonly content: Buffer;
  readonly properties: Options.Publish;
}

/**
 * A queue of the bench's own bound to `{ns}.events` with `#`: what any subscriber would get.
 * It times arrivals, so Herald's relay and the raw publisher are measured at the same point.
 */
export class EventTap {
  private count = 0;
  private first = 0;
  private last = 0;
  private waiter: { n: number; resolve: () => void } | undefined;
  private readonly seen = new Set<string>();
  readonly captured: CapturedMessage[] = [];

  private constructor(
    private readonly channel: Channel,
    private readonly queue: string,
    private readonly capture: boolean,
  ) {}

  /** Declares and binds the queue; `{ns}.events` must already exist (Herald declares it). */
  static async open(connection: ChannelModel, namespace: string, capture: boolean): Promise<EventTap> {
    const channel = await connection.createChannel();
    const exchange = `${namespace}.events`;
    await channel.checkExchange(exchange);
    const queue = `${namespace}.bench-tap`;
    await channel.deleteQueue(queue);
    await channel.assertQueue(queue, { durable: false, autoDelete: false });
    await channel.bindQueue(queue, exchange, '#');
    const tap = new EventTap(channel, queue, capture);
    await channel.prefetch(5000);
    await channel.consume(queue, (message) => message && tap.arrived(message), { noAck: true });
    return tap;
  }

  private arrived(message: ConsumeMessage): void {
    // A relay may publish an event twice (at least once); "arrived" counts each event once.
    const id = (message.properties as Options.Publish).messageId ?? '';
    if (this.seen.has(id)) return;
    this.seen.add(id);
    const now = performance.now();
    if (this.count === 0) this.first = now;
    this.last = now;
    this.count++;
    if (this.capture) {
      // MessageProperties types its fields as any; these are the ones Herald sets.
      const p = message.properties as Options.Publish;
      this.captured.push({
        routingKey: message.fields.routingKey,
        content: message.content,
        properties: {
          headers: p.headers as Record<string, unknown> | undefined,
          messageId: p.messageId,
          type: p.type,
          correlationId: p.correlationId,
          contentType: p.contentType,
          timestamp: p.timestamp,
          deliveryMode: p.deliveryMode,
        },
      });
    }
    if (this.waiter && this.count >= this.waiter.n) this.waiter.resolve();
  }

  /** Resolves true once `n` messages arrived, or false after `timeoutMs`. */
  waitFor(n: number, timeoutMs: number): Promise<boolean> {
    if (this.count >= n) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        resolve(false);
      }, timeoutMs);
      this.waiter = {
        n,
        resolve: () => {
          clearTimeout(timer);
          this.waiter = undefined;
          resolve(true);
        },
      };
    });
  }

  /** Arrivals per second between the first and the last arrival. */
  rate(): number {
    const seconds = (this.last - this.first) / 1000;
    return seconds > 0 ? (this.count - 1) / seconds : 0;
  }

  get arrivals(): number {
    return this.count;
  }

  get firstArrival(): number {
    return this.first;
  }

  async close(): Promise<void> {
    await this.channel.deleteQueue(this.queue).catch(() => undefined);
    await this.channel.close().catch(() => undefined);
  }
}
