import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import type { AppendResult, IdempotencyClaim } from '../event-store';

/** How long an `Idempotency-Key` answers with its first response. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

const ACCEPTABLE_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The claim for a request carrying `Idempotency-Key`, or undefined without one. The digest covers
 * the route, the content type and the body: the same key on another request is a 422.
 * @throws BadRequestException for a key that is empty, too long or not visible ASCII.
 */
export function idempotencyClaim(
  key: string | undefined,
  request: { route: string; contentType: string; body: unknown },
  render: (result: AppendResult) => unknown,
): IdempotencyClaim | undefined {
  if (key === undefined) return undefined;
  if (!ACCEPTABLE_KEY.test(key)) {
    throw new BadRequestException(['/headers/idempotency-key must be 1-255 visible ASCII characters']);
  }
  const requestHash = createHash('sha256')
    .update(`${request.route}\n${request.contentType}\n${JSON.stringify(request.body)}`)
    .digest('hex');
  return { key, requestHash, ttlMs: IDEMPOTENCY_TTL_MS, render };
}
