import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';

/** Output is handed to the socket in chunks of about this size. */
const CHUNK_BYTES = 64 * 1024;

let lane: Promise<unknown> = Promise.resolve();

/**
 * Runs one serialisation step after every step queued before it, across all responses, with a
 * turn of the event loop in between: however many large pages are being served, a turn holds
 * at most one step, and a health check or a small request waits for no more than that.
 */
function inLane<T>(step: () => T): Promise<T> {
  const run = lane.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(step);
  lane = run.catch(() => undefined);
  return run;
}

/**
 * Serialises `{ ...head, [key]: [items rendered as JSON text], ...tail }` as a JSON body, a
 * step at a time ({@link inLane}), so that a large page never holds the event loop for the
 * length of one `JSON.stringify` of the whole and never needs the whole body as one string.
 */
export function jsonPage<T>(
  head: Record<string, unknown>,
  key: string,
  items: readonly T[],
  renderJson: (item: T) => string,
  tail: Record<string, unknown>,
): StreamableFile {
  async function* chunks(): AsyncGenerator<Buffer> {
    const open = JSON.stringify(head).slice(0, -1);
    let next = 0;
    let pending = `${open}${open.length > 1 ? ',' : ''}${JSON.stringify(key)}:[`;
    while (next < items.length) {
      yield await inLane(() => {
        while (next < items.length && pending.length < CHUNK_BYTES) {
          pending += (next > 0 ? ',' : '') + renderJson(items[next++]);
        }
        const chunk = Buffer.from(pending);
        pending = '';
        return chunk;
      });
    }
    const close = JSON.stringify(tail).slice(1);
    yield Buffer.from(`${pending}]${close.length > 1 ? ',' : ''}${close}`);
  }
  return new StreamableFile(Readable.from(chunks(), { objectMode: false }), { type: 'application/json' });
}
