/**
 * The session that held the relay's lock failed or no longer holds it: this process is not the
 * leader any more and must not publish until it leads again.
 */
export class RelayLeadershipLostError extends Error {
  readonly code = 'event-store.relay-leadership-lost';

  constructor(
    readonly relay: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`relay ${relay} lost its leadership: ${reason}`, options);
    this.name = 'RelayLeadershipLostError';
  }
}
