import { Injectable, Logger } from '@nestjs/common';
import { storedDataJson, type StoredEvent } from '../event-store';
import { toEnvelope, type CloudEventEnvelope } from '../messaging';
import { EventCatalog } from '../versioning';
import type { AcceptedEventDto } from './dto/accepted-event.dto';

/**
 * An envelope as served over HTTP. `upcasterror` (a CloudEvents extension attribute) is set
 * when the stored event could not be brought to the latest version: it is then served at its
 * stored version, with the reason.
 */
export type ServedEnvelope = CloudEventEnvelope & { readonly upcasterror?: string };

/** How stored events are shown over HTTP. */
@Injectable()
export class EventView {
  private readonly logger = new Logger(EventView.name);

  constructor(private readonly catalog: EventCatalog) {}

  /**
   * The envelope as stored, or with its data upcast to the latest version of its type. A read
   * never fails because of data already stored: an event that cannot be upcast is served as
   * stored, with `upcasterror`, and logged as a fault of the server.
   */
  envelope(event: StoredEvent, raw = false): ServedEnvelope {
    if (raw) return toEnvelope(event);
    try {
      const { dataversion, data } = this.catalog.upcast(event.type, event.dataversion, event.data);
      return toEnvelope({ ...event, dataversion, data });
    } catch (error) {
      const reason = this.reasonOf(event) ?? (error as Error).message;
      this.logger.error(
        { eventId: event.id, type: event.type, dataversion: event.dataversion, err: error },
        `stored event ${event.id} cannot be upcast; served at its stored version: ${reason}`,
      );
      return { ...toEnvelope(event), upcasterror: reason };
    }
  }

  /**
   * {@link envelope} as JSON text. Data served unchanged (raw, or already at the latest version)
   * is spliced in as the store holds it, neither parsed nor serialised again.
   */
  envelopeJson(event: StoredEvent, raw = false): string {
    const stored = storedDataJson(event);
    if (stored === undefined || !(raw || this.isLatest(event)))
      return JSON.stringify(this.envelope(event, raw));
    // Rest without `data` leaves a lazily parsed `data` unread; JSON leaves out the undefined.
    const { data: _unread, ...attributes } = event;
    const head = JSON.stringify(toEnvelope({ ...attributes, data: undefined }));
    return `${head.slice(0, -1)},"data":${stored}}`;
  }

  private isLatest({ type, dataversion }: StoredEvent): boolean {
    try {
      return this.catalog.latest(type) === dataversion;
    } catch {
      return false;
    }
  }

  /** Upcasters may assume valid input: stored data its own schema refuses is the better reason. */
  private reasonOf({ type, dataversion, data }: StoredEvent): string | undefined {
    try {
      this.catalog.validate(type, dataversion, data);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** The `202` body of one accepted event. */
  accepted(event: StoredEvent): AcceptedEventDto {
    return {
      id: event.id,
      type: event.type,
      dataversion: event.dataversion,
      subject: event.subject,
      streamVersion: event.streamVersion,
      position: event.position,
      correlationId: event.correlationId ?? event.id,
    };
  }
}
