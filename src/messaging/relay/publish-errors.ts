/** The broker refused a publish (`basic.nack`), for example a full queue with `reject-publish`. */
export class PublishNackedError extends Error {
  readonly code = 'messaging.publish-nacked';

  constructor(readonly eventId: string) {
    super(`the broker nacked event ${eventId}`);
    this.name = 'PublishNackedError';
  }
}

/** No confirm arrived in time; the relay gives up on the channel and publishes again. */
export class ConfirmTimeoutError extends Error {
  readonly code = 'messaging.confirm-timeout';

  constructor(
    readonly eventId: string,
    readonly timeoutMs: number,
  ) {
    super(`no confirm for event ${eventId} within ${timeoutMs} ms`);
    this.name = 'ConfirmTimeoutError';
  }
}

/** The relay's channel closed (or was retired) before the broker confirmed the publish. */
export class ChannelLostError extends Error {
  readonly code = 'messaging.channel-lost';

  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`publish of event ${eventId} unsettled: ${reason}`);
    this.name = 'ChannelLostError';
  }
}

/** amqplib threw inside `publish`: nothing was sent, and the channel is retired. */
export class PublishThrewError extends Error {
  readonly code = 'messaging.publish-threw';

  constructor(
    readonly eventId: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`publish of event ${eventId} threw: ${reason}`, options);
    this.name = 'PublishThrewError';
  }
}
