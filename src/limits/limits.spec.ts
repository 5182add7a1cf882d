import { assertWithinLimit } from './attribute-limits';
import { FieldTooLongError } from './field-too-long.error';
import { JsonBoundsError, assertJsonBounds, stringProblem } from './json-bounds';
import { LIMITS, MAX_PARAM_LENGTH } from './limits';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

describe('limits', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(() => assertWithinLimit('subject', '€'.repeat(85))).not.toThrow();
    expect(() => assertWithinLimit('subject', '€'.repeat(86))).toThrow(FieldTooLongError);
    expect(() => assertWithinLimit('correlationid', '😀'.repeat(64), 'the property')).toThrow(
      'the property must not be longer than 255 bytes in UTF-8 (got 256)',
    );
  });

  it('lets the router take any id or subject percent-encoded', () => {
    expect(MAX_PARAM_LENGTH).toBe(3 * Math.max(LIMITS.id, LIMITS.subject));
  });
});

describe('assertJsonBounds', () => {
  it('takes a document exactly as deep as allowed and refuses one level more, with its path', () => {
    expect(() => assertJsonBounds(nested(4), 4)).not.toThrow();
    expect(() => assertJsonBounds({ a: nested(4) }, 4)).toThrow(
      new JsonBoundsError('/a/0/0/0', 'nests deeper than 4 levels'),
    );
  });

  it('walks 100,000 levels without recursion', () => {
    expect(() => assertJsonBounds(nested(100_000))).toThrow(JsonBoundsError);
  });

  it('refuses U+0000 and lone surrogates in values and keys, and takes paired surrogates', () => {
    expect(stringProblem('a\u0000')).toBe('must not contain U+0000');
    expect(stringProblem('\ud800x')).toBe('must not contain a lone surrogate');
    expect(stringProblem('x\udc00')).toBe('must not contain a lone surrogate');
    expect(stringProblem('😀 \\u0000')).toBeUndefined();
    expect(() => assertJsonBounds({ 'a/b': ['ok', { k: '\ud83d' }] })).toThrow(
      '/a~1b/1/k must not contain a lone surrogate',
    );
    expect(() => assertJsonBounds({ data: { 'k\u0000': 1 } })).toThrow('/data a key must not contain U+0000');
  });
});
