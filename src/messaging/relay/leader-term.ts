import { Logger } from '@nestjs/common';
import type { RelaySession, StoredEvent } from '../../event-store';
import type { EventPublisher } from '../event-publisher';
import { RelayWakeup } from '../relay-wakeup';
import { Lease, monotonicNow, type LeaseOptions } from './lease';
import { PageReader, type PageOptions } from './page-reader';
import { ChannelLostError, PublishThrewError } from './publish-errors';
import { SubjectPipeline, type Slot } from './subject-pipeline';

/** An event that amqplib refuses this many times, each on a fresh channel, is parked. */
const MAX_THROWS = 3;

/** The checkpoint is written at most this often while publishing; a crash repeats at most this much. */
const SAVE_INTERVAL_MS = 100;

/** The shortest sleep of the relay's loop between two looks at its timers. */
const MIN_SLEEP_MS = 5;

/**
 * About how many bytes of events the relay reads per page and buffers ahead of its publishes:
 * large events come a few per page, so that memory and the time a read holds the leader session
 * stay bounded.
 */
export const RELAY_PAGE_BYTES = 16 * 1024 * 1024;

/** How a term runs. */
export interface TermOptions extends PageOptions {
  readonly window: number;
  readonly lease: LeaseOptions;
}

/** Parks an event that cannot be published. */
export type Parker = (event: StoredEvent, reason: string) => Promise<void>;

/**
 * One term of leadership: reads pending events through the leader session, publishes them in
 * per-subject order with a window of unconfirmed messages, and moves the checkpoint over the
 * confirmed prefix. On PostgreSQL it publishes only within the lease of its last good lock check,
 * and not before one lease after it took the lock, so that a former leader has stopped by then.
 */
export class LeaderTerm {
  private readonly logger = new Logger('OutboxRelay');
  private readonly pipeline = new SubjectPipeline();
  private readonly signal = new RelayWakeup();
  private readonly reader: PageReader;
  private savedCheckpoint: string | undefined;
  private lastSaveAt = 0;
  private readonly lease: Lease;
  private saving = false;
  /** False once the term stops sending: late confirms must not start new publishes. */
  private sending = true;
  private inFlight = 0;
  private parking = 0;
  private failure: Error | undefined;

  constructor(
    private readonly session: RelaySession,
    private readonly publisher: EventPublisher,
    private readonly park: Parker,
    private readonly options: TermOptions,
  ) {
    this.lease = new Lease(options.lease);
    this.reader = new PageReader(session, this.pipeline, options, this.fail, () => this.signal.wake());
  }

  /** Something was appended: read again even if the last page was short. */
  wake(): void {
    this.reader.wake();
    this.signal.wake();
  }

  /**
   * Runs until `running()` turns false (then drains and saves the checkpoint), the broker
   * connection drops, or leadership is lost (then throws).
   */
  async run(running: () => boolean): Promise<void> {
    this.savedCheckpoint = await this.session.checkpoint();
    this.reader.startAfter(this.savedCheckpoint);
    const off = this.publisher.onChange(() => this.signal.wake());
    try {
      while (running() && this.failure === undefined && this.publisher.connected) await this.step();
    } finally {
      this.sending = false;
      off();
    }
    if (this.failure !== undefined) {
      // No longer the leader: what is unconfirmed is the next leader's to publish.
      this.publisher.abandon();
      throw this.failure;
    }
    await this.drain();
  }

  private async step(): Promise<void> {
    const now = monotonicNow();
    this.lease.check(now, this.session, this.fail, () => this.signal.wake());
    this.reader.read(now);
    this.pump();
    this.save();
    await this.signal.wait(this.sleepMs(now));
  }

  private mayPublish(now: number): boolean {
    return this.sending && this.lease.valid(now);
  }

  private sleepMs(now: number): number {
    const at = [now + this.options.pollMs];
    const leaseChange = this.lease.nextChangeAt(now);
    if (leaseChange !== undefined) at.push(leaseChange);
    if (!this.saving && this.pipeline.checkpoint !== this.savedCheckpoint) {
      at.push(this.lastSaveAt + SAVE_INTERVAL_MS);
    }
    const retry = this.pipeline.nextRetryAt();
    if (retry !== undefined) at.push(retry);
    // Work is waiting but no channel took it: look again soon.
    if (this.pipeline.buffered > this.inFlight + this.parking) at.push(now + 100);
    // What is due but could not proceed (no channel, lease not yet valid) is looked at again
    // shortly, not in a spin; anything that makes progress possible wakes the relay at once.
    return Math.max(MIN_SLEEP_MS, Math.min(...at) - now);
  }

  private pump(): void {
    const now = monotonicNow();
    if (!this.mayPublish(now)) return;
    while (this.inFlight < this.options.window) {
      const slot = this.pipeline.next(now);
      if (slot === undefined) return;
      if (!this.send(slot, now)) return;
    }
  }

  /** @returns false when nothing more can be sent now. */
  private send(slot: Slot, now: number): boolean {
    try {
      const outcome = this.publisher.send(slot.event, (failure) => this.settled(slot, failure));
      if (outcome.sent) this.inFlight++;
      else if (outcome.unpublishable !== undefined) this.parkSlot(slot, outcome.unpublishable);
      else {
        this.pipeline.putBack(slot);
        return false;
      }
    } catch (error) {
      if (error instanceof ChannelLostError) {
        this.pipeline.putBack(slot);
        return false;
      }
      if (!(error instanceof PublishThrewError)) throw error;
      slot.throws++;
      this.logger.warn(`${error.message} (attempt ${slot.throws} of ${MAX_THROWS})`);
      if (slot.throws >= MAX_THROWS) this.parkSlot(slot, error.reason);
      else this.pipeline.failed(slot, now);
    }
    return true;
  }

  private settled(slot: Slot, failure: Error | undefined): void {
    this.inFlight--;
    if (failure === undefined) {
      this.pipeline.finished(slot);
      // Straight on while the channel is healthy: a confirm frees room in the window.
      this.pump();
    } else {
      this.logger.debug(`${failure.message}; publishing it again`);
      this.pipeline.failed(slot, monotonicNow());
    }
    this.signal.wake();
  }

  private parkSlot(slot: Slot, reason: string): void {
    this.parking++;
    this.park(slot.event, reason)
      .then(
        () => this.pipeline.finished(slot),
        (error: Error) => {
          this.logger.warn(`cannot park event ${slot.event.id}: ${error.message}`);
          this.pipeline.failed(slot, monotonicNow());
        },
      )
      .finally(() => {
        this.parking--;
        this.signal.wake();
      });
  }

  private save(): void {
    const checkpoint = this.pipeline.checkpoint;
    if (this.saving || checkpoint === undefined || checkpoint === this.savedCheckpoint) return;
    const now = monotonicNow();
    // Caught up: save at once. Busy: at most every SAVE_INTERVAL_MS, so the database is not paced by confirms.
    if (this.pipeline.buffered > 0 && now - this.lastSaveAt < SAVE_INTERVAL_MS) return;
    this.saving = true;
    this.lastSaveAt = now;
    this.session
      .saveCheckpoint(checkpoint)
      .then(() => {
        this.savedCheckpoint = checkpoint;
      }, this.fail)
      .finally(() => {
        this.saving = false;
        this.signal.wake();
      });
  }

  private readonly fail = (error: Error): void => {
    this.failure ??= error;
  };

  /**
   * Lets what is on the wire settle (bounded by the confirm timeout), then saves the checkpoint.
   * The lock is checked meanwhile as while publishing: the server ends a session idle for a lease,
   * and the confirm timeout is longer than a lease can be.
   */
  private async drain(): Promise<void> {
    while (this.inFlight > 0 || this.parking > 0 || this.saving) {
      // Without a broker nothing more settles; what is confirmed can still be saved.
      if (this.failure !== undefined || !this.publisher.connected) break;
      const now = monotonicNow();
      this.lease.check(now, this.session, this.fail, () => this.signal.wake());
      const checkDue = this.lease.nextChangeAt(now) ?? Infinity;
      await this.signal.wait(Math.max(MIN_SLEEP_MS, Math.min(100, checkDue - now)));
    }
    const checkpoint = this.pipeline.checkpoint;
    if (checkpoint === undefined || checkpoint === this.savedCheckpoint) return;
    // Lost leadership: the checkpoint is the next leader's now; it publishes the rest again.
    if (this.failure === undefined) await this.session.saveCheckpoint(checkpoint).catch(this.fail);
    if (this.failure !== undefined) {
      this.logger.error(
        `outbox relay: checkpoint not saved at shutdown (${this.failure.message}); ` +
          'events confirmed since the last save will be published again',
      );
    }
  }
}
