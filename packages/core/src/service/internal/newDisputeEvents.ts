import { encodeEvent } from '../../dispute/parse';
import type { DisputeEvent } from '../../dispute/events';
import type { EventMetadata, NewEvent } from '../../eventStore/eventStore';
import { eventIdFor } from '../eventIds';

/** The version of the stored shape of every dispute event today. */
export const DISPUTE_EVENT_SCHEMA_VERSION = 1;

/**
 * Turns the events one command emitted into events to append: encoded data, and metadata with the
 * deterministic `eventId` of each (uuid v5 of the command id and the event's index), the command id,
 * when it was recorded, and the schema version.
 */
export const toNewEvents = (events: ReadonlyArray<DisputeEvent>, commandId: string, recordedAt: string): ReadonlyArray<NewEvent> =>
  events.map((event, index) => {
    const metadata: EventMetadata = { eventId: eventIdFor(commandId, index), commandId, recordedAt, schemaVersion: DISPUTE_EVENT_SCHEMA_VERSION };
    return { type: event.type, data: (encodeEvent(event) as { data: unknown }).data, metadata };
  });
