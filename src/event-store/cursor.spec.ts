import { InvalidCursorError, START, decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  it('round-trips a transaction id beyond 2^53 and a position', () => {
    const cursor = { tx: '18446744073709551000', position: 42 };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
    expect(decodeCursor(encodeCursor(START))).toEqual(START);
  });

  it('is opaque and URL-safe', () => {
    expect(encodeCursor({ tx: '123', position: 9 })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuses anything it did not issue', () => {
    for (const bad of [
      '',
      'abc',
      encodeCursor({ tx: 'x', position: 1 }),
      Buffer.from('1.2.3').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad)).toThrow(InvalidCursorError);
    }
  });
});
