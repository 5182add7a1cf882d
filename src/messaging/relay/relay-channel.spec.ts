import { EventEmitter } from 'node:events';
import type { ChannelModel } from 'amqplib';
import { ConfirmTimeoutError } from './publish-errors';
import { RelayChannel } from './relay-channel';

const TIMEOUT_MS = 200;

/** A confirm channel that takes every publish and never confirms one. */
function silentChannel(): ChannelModel {
  const channel = Object.assign(new EventEmitter(), {
    publish: () => true,
    close: () => Promise.resolve(),
  });
  return { createConfirmChannel: () => Promise.resolve(channel) } as unknown as ChannelModel;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RelayChannel', () => {
  afterEach(() => jest.restoreAllMocks());

  it('times confirms out on a monotonic clock: a wall clock stepped forward fails nothing', async () => {
    const channel = await RelayChannel.open(silentChannel(), TIMEOUT_MS, () => undefined);
    const settle = jest.fn();
    channel.publish('x', 'k', Buffer.from('{}'), { messageId: 'e-1' }, settle);
    const wall = Date.now();
    jest.spyOn(Date, 'now').mockImplementation(() => wall + 3_600_000);
    await sleep(TIMEOUT_MS / 2);
    expect(settle).not.toHaveBeenCalled();
    expect(channel.closed).toBe(false);

    await sleep(TIMEOUT_MS * 1.5);
    expect(settle).toHaveBeenCalledWith(expect.any(ConfirmTimeoutError));
    expect(channel.closed).toBe(true);
  });
});
