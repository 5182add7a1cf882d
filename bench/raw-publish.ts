import type { ChannelModel } from 'amqplib';
import type { CapturedMessage } from './event-tap';

/**
 * The broker's own speed for the relay's work: publishes the same messages to `{ns}.events` on
 * a confirm channel, with `mandatory` and persistence as Herald sets them, keeping up to
 * `window` unconfirmed. @returns when every message is confirmed.
 */
export async function rawConfirmPublish(
  connection: ChannelModel,
  exchange: string,
  messages: readonly CapturedMessage[],
  window: number,
): Promise<void> {
  const channel = await connection.createConfirmChannel();
  try {
    let inFlight = 0;
    let failure: Error | undefined;
    let release: (() => void) | undefined;
    const settled = (error: unknown) => {
      if (error) failure ??= new Error('the broker nacked a publish');
      inFlight--;
      release?.();
    };
    for (const message of messages) {
      while (inFlight >= window) await new Promise<void>((resolve) => (release = resolve));
      if (failure) throw failure;
      inFlight++;
      const options = { ...message.properties, mandatory: true, persistent: true };
      const written = channel.publish(exchange, message.routingKey, message.content, options, settled);
      // Respect the socket's back-pressure as well as the confirm window.
      if (!written) await new Promise<void>((resolve) => channel.once('drain', () => resolve()));
    }
    await channel.waitForConfirms();
    if (failure) throw failure;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
