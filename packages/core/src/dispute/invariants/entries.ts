import { eventCodecs, type DisputeEvent, type EventType } from '../events';

/** A plain object (not null, not an array): the only shape an event or its data can have. */
export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** A `{ version, event }` history entry, as opposed to a bare event. */
export const isVersioned = (u: unknown): u is { readonly version: unknown; readonly event: unknown } =>
  isRecord(u) && 'event' in u && 'version' in u && !('type' in u);

/** The name of a dispute event. */
export const isEventType = (u: unknown): u is EventType => typeof u === 'string' && Object.prototype.hasOwnProperty.call(eventCodecs, u);

/** Whether a value read from a history is a well-formed event of the given type. */
export const isWellFormed = (type: EventType, raw: unknown): raw is DisputeEvent => (eventCodecs[type] as { is(u: unknown): boolean }).is(raw);

/** The event of a history entry, bare or versioned, as read (not yet checked). */
export const rawEventOf = (entry: unknown): unknown => (isVersioned(entry) ? entry.event : entry);
