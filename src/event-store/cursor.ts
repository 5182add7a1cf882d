/** A position in the global order: the writing transaction (0 on SQLite) and the event position. */
export interface Cursor {
  /** Transaction id as a decimal string (PostgreSQL xid8 exceeds 2^53). */
  readonly tx: string;
  readonly position: number;
}

/** The cursor before the first event. */
export const START: Cursor = { tx: '0', position: 0 };

/** The cursor is not one Herald issued. HTTP 400 at the edge. */
export class InvalidCursorError extends Error {
  readonly code = 'event-store.invalid-cursor';

  constructor(readonly cursor: string) {
    super(`cursor ${JSON.stringify(cursor)} is not a cursor issued by this store`);
    this.name = 'InvalidCursorError';
  }
}

/** Encodes a cursor as an opaque URL-safe string. */
export function encodeCursor({ tx, position }: Cursor): string {
  return Buffer.from(`${tx}.${position}`).toString('base64url');
}

/** @throws InvalidCursorError */
export function decodeCursor(text: string): Cursor {
  const match = /^(\d{1,20})\.(\d{1,16})$/.exec(Buffer.from(text, 'base64url').toString());
  if (match === null) throw new InvalidCursorError(text);
  return { tx: match[1], position: Number(match[2]) };
}
