import type { DisputeEvent } from '../dispute/events';
import type { EventMetadata, StreamId } from '../eventStore/eventStore';

/**
 * A dispute event as stored: where it is (stream and version), its metadata, and the decoded,
 * typed event. `globalPosition` is present when the event was read back from the store; events the
 * service has just appended do not have it (the store reports only the append's last position).
 */
export interface RecordedDisputeEvent {
  readonly streamId: StreamId;
  /** 1-based position in the dispute's stream. */
  readonly version: number;
  readonly globalPosition?: number;
  readonly metadata: EventMetadata;
  readonly event: DisputeEvent;
}
