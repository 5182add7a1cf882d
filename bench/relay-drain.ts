import type { ChannelModel } from 'amqplib';
import { EventTap, type CapturedMessage } from './event-tap';
import { startHerald, type HeraldOptions } from './herald';
import { rawConfirmPublish } from './raw-publish';

/** A relay drain and the raw publishing of the same messages, both timed at the tap. */
export interface DrainFigure {
  /** Events in the backlog. */
  readonly backlog: number;
  /** Events that arrived before the drain's time ran out (all of them when the drain completed). */
  readonly delivered: number;
  /** Events per second from the first arrival to the last. */
  readonly relayRate: number;
  /** Seconds from the worker's spawn to the first arrival (boot and first read). */
  readonly relayStartSeconds: number;
  /** Raw confirm-publishing of the delivered messages, per second, first to last arrival. */
  readonly rawRate: number;
}

export interface DrainOptions {
  readonly herald: Omit<HeraldOptions, 'roles'>;
  readonly backlog: number;
  readonly rawWindow: number;
  readonly drainSeconds: number;
}

/** Starts a worker-only Herald over the backlog; times every event's arrival, or stops at the budget. */
async function drainWithHerald(connection: ChannelModel, options: DrainOptions) {
  const tap = await EventTap.open(connection, options.herald.namespace, true);
  try {
    const spawned = performance.now();
    const worker = await startHerald({ ...options.herald, roles: 'worker' });
    try {
      await tap.waitFor(options.backlog, options.drainSeconds * 1000);
    } finally {
      await worker.child.stop();
    }
    const relayStartSeconds = tap.arrivals > 0 ? (tap.firstArrival - spawned) / 1000 : Number.NaN;
    return { relayRate: tap.rate(), relayStartSeconds, captured: tap.captured };
  } finally {
    await tap.close();
  }
}

/** Publishes the same messages raw and times them at a fresh tap. */
async function publishRaw(connection: ChannelModel, options: DrainOptions, messages: CapturedMessage[]) {
  const tap = await EventTap.open(connection, options.herald.namespace, false);
  try {
    await rawConfirmPublish(connection, `${options.herald.namespace}.events`, messages, options.rawWindow);
    await tap.waitFor(messages.length, options.drainSeconds * 1000);
    return tap.rate();
  } finally {
    await tap.close();
  }
}

/**
 * The relay against the broker: a worker-only Herald drains an existing backlog to a queue bound
 * to `{ns}.events`; then the messages it delivered are confirm-published raw to the same place.
 */
export async function measureDrain(connection: ChannelModel, options: DrainOptions): Promise<DrainFigure> {
  const herald = await drainWithHerald(connection, options);
  const rawRate = herald.captured.length > 1 ? await publishRaw(connection, options, herald.captured) : 0;
  return {
    backlog: options.backlog,
    delivered: herald.captured.length,
    relayRate: herald.relayRate,
    relayStartSeconds: herald.relayStartSeconds,
    rawRate,
  };
}
