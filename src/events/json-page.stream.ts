import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

/** Output is handed to the socket in chunks of about this size, with a turn of the event loop between. */
const CHUNK_BYTES = 64 * 1024;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Serialises `{ ...head, [key]: items.map(render), ...tail }` as a JSON body, one item at a time.
 * A large page then never holds the event loop for the length of one `JSON.stringify` of the
 * whole, and never needs the whole body as one string.
 */
export function jsonPage<T>(
  head: Record<string, unknown>,
  key: string,
  items: readonly T[],
  render: (item: T) => unknown,
  tail: Record<string, unknown>,
): StreamableFile {
  async function* chunks(): AsyncGenerator<string> {
    const open = JSON.stringify(head).slice(0, -1);
    let pending = `${open}${open.length > 1 ? ',' : ''}${JSON.stringify(key)}:[`;
    for (let i = 0; i < items.length; i++) {
      pending += (i > 0 ? ',' : '') + JSON.stringify(render(items[i]));
      if (pending.length >= CHUNK_BYTES) {
        yield pending;
        pending = '';
        await yieldToEventLoop();
      }
    }
    const close = JSON.stringify(tail).slice(1);
    yield `${pending}]${close.length > 1 ? ',' : ''}${close}`;
  }
  return new StreamableFile(Readable.from(chunks(), { objectMode: false }), { type: 'application/json' });
}
