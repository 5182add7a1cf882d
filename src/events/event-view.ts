import { Injectable } from '@nestjs/common';
import type { StoredEvent } from '../event-store';
import { toEnvelope, type CloudEventEnvelope } from '../messaging';
import { EventCatalog } from '../versioning';
import type { AcceptedEventDto } from './dto/accepted-event.dto';

/** How stored events are shown over HTTP. */
@Injectable()
export class EventView {
  constructor(private readonly catalog: EventCatalog) {}

  /** The envelope as stored, or with its data upcast to the latest version of its type. */
  envelope(event: StoredEvent, raw = false): CloudEventEnvelope {
    if (raw) return toEnvelope(event);
    const { dataversion, data } = this.catalog.upcast(event.type, event.dataversion, event.data);
    return toEnvelope({ ...event, dataversion, data });
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
