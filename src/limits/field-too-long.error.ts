/** An attribute is longer than {@link LIMITS} allows. HTTP 400; poison on a queue. */
export class FieldTooLongError extends Error {
  readonly code = 'limits.too-long';

  constructor(
    readonly field: string,
    readonly maxBytes: number,
    readonly actualBytes: number,
  ) {
    super(`${field} must not be longer than ${maxBytes} bytes in UTF-8 (got ${actualBytes})`);
    this.name = 'FieldTooLongError';
  }
}
