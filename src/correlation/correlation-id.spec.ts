import { ensureCorrelationId, isAcceptableCorrelationId } from './correlation-id';

describe('ensureCorrelationId', () => {
  it('keeps an acceptable client id', () => {
    const headers = { 'x-correlation-id': 'checkout-123' };
    expect(ensureCorrelationId(headers)).toBe('checkout-123');
  });

  it('generates a UUID v7 and writes it back, so later readers agree', () => {
    const headers: Record<string, string | string[] | undefined> = {};
    const id = ensureCorrelationId(headers);
    expect(id).toMatch(/^[0-9a-f-]{14}7/);
    expect(headers['x-correlation-id']).toBe(id);
    expect(ensureCorrelationId(headers)).toBe(id);
  });

  it('replaces ids that are too long, empty, repeated or contain spaces', () => {
    for (const bad of ['', 'a b', 'x'.repeat(129), ['a', 'b']]) {
      expect(isAcceptableCorrelationId(bad)).toBe(false);
      expect(ensureCorrelationId({ 'x-correlation-id': bad })).not.toEqual(bad);
    }
  });
});
