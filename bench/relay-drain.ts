import type { ChannelModel } from 'amqplib';
import { EventTap, type CapturedMessage } from './event-tap';
import { startHerald, type HeraldOptions } from './herald';
import { rawConfirmPublish } from './raw-publish';

/** A relay drain and the raw publishing of the same messages, both timed at the tap. */
export interface DrainFigure {
  /** Events per second from the first arrival to the last. */
  readonly relayRate: number;
  /** Seconds from the worker's spawn to the first arrival (boot and first read). */
  readonly relayStartSeconds: number;
  /** Raw confirm-publishing of the same bodies, messages per second, first to last arrival. */
  readonly rawRate: number;
}

/**
 * Starts a worker-only Herald over an existing backlog of `events` and times until every event
 * arrived on a queue bound to `{ns}.events`; then publishes the captured messages raw.
 */
export async function measureDrain(
  connection: ChannelModel,
  herald: Omit<HeraldOptions, 'roles'>,
  events: number,
  rawWindow: number,
  timeoutMs: number,
): Promise<DrainFigure> {
  const tap = await EventTap.open(connection, herald.namespace, true);
  let captured: CapturedMessage[];
  let relayRate: number;
  let relayStartSeconds: number;
  try {
    const spawned = performance.now();
    const worker = await startHerald({ ...herald, roles: 'worker' });
    try {
      await tap.waitFor(events, timeoutMs);
    } finally {
      await worker.child.stop();
    }
    relayRate = tap.rate();
    relayStartSeconds = (tap.firstArrival - spawned) / 1000;
    captured = tap.captured;
  } finally {
    await tap.close();
  }
  const rawTap = await EventTap.open(connection, herald.namespace, false);
  try {
    await rawConfirmPublish(connection, `${herald.namespace}.events`, captured, rawWindow);
    await rawTap.waitFor(captured.length, timeoutMs);
    return { relayRate, relayStartSeconds, rawRate: rawTap.rate() };
  } finally {
    await rawTap.close();
  }
}
