/**
 * The broker returned a mandatory event: no queue, not even the alternate exchange's, took it.
 * The relay does not advance past it; the topology needs fixing.
 */
export class UnroutableEventError extends Error {
  readonly code = 'messaging.unroutable';

  constructor(
    readonly eventId: string,
    readonly routingKey: string,
  ) {
    super(`event ${eventId} (${routingKey}) was returned by the broker as unroutable`);
    this.name = 'UnroutableEventError';
  }
}
