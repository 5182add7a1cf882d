import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import { UnroutableEventError } from '../unroutable-event.error';
import { monotonicNow } from './lease';
import {
  ChannelLostError,
  ConfirmTimeoutError,
  PublishNackedError,
  PublishThrewError,
} from './publish-errors';

/** Called once per publish: undefined when the broker confirmed it, the failure otherwise. */
export type Settle = (failure: Error | undefined) => void;

interface Pending {
  readonly eventId: string;
  readonly routingKey: string;
  /** {@link monotonicNow} when published. */
  readonly sentAt: number;
  returned: boolean;
  settle: Settle | undefined;
}

/**
 * One amqplib confirm channel of the relay's own, with exact bookkeeping: every publish is settled
 * exactly once, by its confirm, a return, a timeout or the channel's end. After amqplib throws in
 * `publish` (its confirm callback is then queued for a message never sent), the channel takes no
 * more publishes and closes once the earlier confirms are in, so no confirm is ever mistaken for
 * another message's.
 */
export class RelayChannel {
  private readonly pending = new Map<number, Pending>();
  private readonly byMessageId = new Map<string, Pending>();
  private sequence = 0;
  private state: 'open' | 'retiring' | 'closed' = 'open';
  private blocked = false;
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly channel: ConfirmChannel,
    private readonly timeoutMs: number,
    private readonly onChange: () => void,
  ) {
    channel.on('return', (message: Message) => {
      const pending = this.byMessageId.get(String(message.properties.messageId));
      // A return always precedes the confirm of its message.
      if (pending) pending.returned = true;
    });
    channel.on('drain', () => {
      this.blocked = false;
      this.onChange();
    });
    channel.on('error', () => undefined);
    channel.on('close', () => this.ended('channel closed'));
    this.sweeper = setInterval(() => this.sweep(), Math.max(50, Math.min(1000, timeoutMs / 4)));
    this.sweeper.unref();
  }

  /** Opens a confirm channel on `connection`; `onChange` hears when it can take publishes again or ends. */
  static async open(
    connection: ChannelModel,
    timeoutMs: number,
    onChange: () => void,
  ): Promise<RelayChannel> {
    return new RelayChannel(await connection.createConfirmChannel(), timeoutMs, onChange);
  }

  /** Whether a publish may be sent now. */
  get writable(): boolean {
    return this.state === 'open' && !this.blocked;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  /** Publishes sent and not yet settled. */
  get inFlight(): number {
    return this.pending.size;
  }

  /**
   * Sends one message; `settle` is called later, exactly once.
   * @throws PublishThrewError when amqplib refuses the message; nothing was sent, `settle` is not called.
   * @throws ChannelLostError when the channel closed under the relay; nothing was sent either.
   */
  publish(
    exchange: string,
    routingKey: string,
    body: Buffer,
    options: Options.Publish,
    settle: Settle,
  ): void {
    const id = ++this.sequence;
    const eventId = String(options.messageId);
    const entry: Pending = { eventId, routingKey, sentAt: monotonicNow(), returned: false, settle };
    const confirmed = (error: unknown) =>
      this.settleOne(id, error === null || error === undefined ? undefined : error);
    let writable: boolean;
    try {
      writable = this.channel.publish(exchange, routingKey, body, options, confirmed);
    } catch (error) {
      // amqplib queued `confirmed` before it threw: that slot must never meet a real confirm.
      this.retire();
      // A channel that closed under us refuses every publish: that says nothing about the message.
      if ((error as Error).name === 'IllegalOperationError') {
        throw new ChannelLostError(eventId, (error as Error).message);
      }
      throw new PublishThrewError(eventId, (error as Error).message, { cause: error });
    }
    this.pending.set(id, entry);
    this.byMessageId.set(eventId, entry);
    if (!writable) this.blocked = true;
  }

  /** Takes no more publishes; closes once everything sent is settled. */
  retire(): void {
    if (this.state !== 'open') return;
    this.state = 'retiring';
    if (this.pending.size === 0) this.close();
  }

  /** Closes now; whatever is unsettled fails. */
  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    clearInterval(this.sweeper);
    // Bounded elsewhere: a close racing a dropped connection may never settle.
    this.channel.close().catch(() => undefined);
    this.ended('channel retired');
  }

  private settleOne(id: number, error: unknown): void {
    const entry = this.pending.get(id);
    if (entry === undefined) return;
    let failure: Error | undefined;
    if (error instanceof Error && error.message === 'message nacked')
      failure = new PublishNackedError(entry.eventId);
    else if (error !== undefined)
      failure = new ChannelLostError(entry.eventId, String((error as Error).message));
    else if (entry.returned) failure = new UnroutableEventError(entry.eventId, entry.routingKey);
    this.finish(id, entry, failure);
  }

  private finish(id: number, entry: Pending, failure: Error | undefined): void {
    this.pending.delete(id);
    if (this.byMessageId.get(entry.eventId) === entry) this.byMessageId.delete(entry.eventId);
    const settle = entry.settle;
    entry.settle = undefined;
    settle?.(failure);
    if (this.state === 'retiring' && this.pending.size === 0) this.close();
  }

  /** A confirm overdue means the channel cannot be trusted: fail what is overdue, then start over. */
  private sweep(): void {
    // Monotonic: a wall clock stepped forward would time out every confirm awaited.
    const now = monotonicNow();
    let overdue = false;
    for (const [id, entry] of this.pending) {
      // Entries are in send order: the first one not overdue ends the scan.
      if (now - entry.sentAt < this.timeoutMs) break;
      overdue = true;
      this.finish(id, entry, new ConfirmTimeoutError(entry.eventId, this.timeoutMs));
    }
    if (overdue) this.close();
  }

  private ended(reason: string): void {
    this.state = 'closed';
    clearInterval(this.sweeper);
    for (const [id, entry] of [...this.pending])
      this.finish(id, entry, new ChannelLostError(entry.eventId, reason));
    this.onChange();
  }
}
