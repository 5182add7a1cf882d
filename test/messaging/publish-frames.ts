import type { Socket } from 'node:net';

const FRAME_METHOD = 1;
const BASIC_CLASS = 60;
const BASIC_PUBLISH = 40;

/**
 * Reads the AMQP 0-9-1 frames a client sends (fed chunk by chunk from a {@link TcpProxy}) and
 * notes when each `basic.publish` passed: what a process actually put on the wire to the broker.
 */
export class PublishFrames {
  /** Epoch ms at which each publish was forwarded to the broker. */
  readonly times: number[] = [];
  private readonly rest = new Map<Socket, Buffer>();

  feed(chunk: Buffer, client: Socket): void {
    const previous = this.rest.get(client);
    let buffer = previous === undefined ? chunk : Buffer.concat([previous, chunk]);
    // A connection opens with the 8-byte protocol header, then only frames follow.
    if (previous === undefined && buffer.subarray(0, 4).toString() === 'AMQP') buffer = buffer.subarray(8);
    while (buffer.length >= 7) {
      const size = buffer.readUInt32BE(3);
      if (buffer.length < 7 + size + 1) break;
      if (
        buffer[0] === FRAME_METHOD &&
        buffer.readUInt16BE(7) === BASIC_CLASS &&
        buffer.readUInt16BE(9) === BASIC_PUBLISH
      ) {
        this.times.push(Date.now());
      }
      buffer = buffer.subarray(7 + size + 1);
    }
    this.rest.set(client, buffer);
  }

  /** Publishes forwarded after `time`. */
  after(time: number): number {
    return this.times.filter((at) => at > time).length;
  }

  /** The first publish forwarded after `time`, if any. */
  firstAfter(time: number): number | undefined {
    return this.times.find((at) => at > time);
  }
}
