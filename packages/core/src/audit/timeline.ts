import type { Actor } from '../dispute/vocabulary';
import type { Money } from '../money/money';
import type { DecodedRecord } from './auditRecords';
import { describeEvent } from './describeEvent';

/** One line of a dispute's timeline: when, who, what, and the money involved. */
export interface TimelineEntry {
  /** Version of the event in its stream. */
  readonly version: number;
  readonly globalPosition?: number;
  /** The event's type as stored. */
  readonly type: string;
  /** The domain instant of the command that caused it (absent when the event does not decode). */
  readonly at?: string;
  /** When the store recorded it, from the metadata. */
  readonly recordedAt?: string;
  /** Who caused it (absent when the event does not decode). */
  readonly who?: Actor;
  /** What happened, in words; for an event that does not decode, why. */
  readonly what: string;
  /** The amount the event is about, if any. */
  readonly money?: Money;
  readonly commandId?: string;
  readonly eventId?: string;
  /** False when the stored event is not a valid dispute event. */
  readonly valid: boolean;
}

const stringField = (metadata: { readonly [key: string]: unknown }, key: string): string | undefined => {
  const value = metadata[key];
  return typeof value === 'string' ? value : undefined;
};

/** The timeline of a decoded history: one entry per stored event, in stream order. Pure. */
export const timelineOf = (history: ReadonlyArray<DecodedRecord>): ReadonlyArray<TimelineEntry> =>
  history.map(({ record, event, problem }): TimelineEntry => {
    const recordedAt = stringField(record.metadata, 'recordedAt');
    const eventId = stringField(record.metadata, 'eventId');
    const common = {
      version: record.version,
      ...(record.globalPosition === undefined ? {} : { globalPosition: record.globalPosition }),
      type: record.type,
      ...(recordedAt === undefined ? {} : { recordedAt }),
      ...(eventId === undefined ? {} : { eventId }),
    };
    if (event === undefined) return { ...common, what: `does not decode: ${problem ?? 'unknown problem'}`, valid: false };
    const { what, money } = describeEvent(event);
    return {
      ...common,
      at: event.data.at,
      who: event.data.by,
      what,
      ...(money === undefined ? {} : { money }),
      commandId: event.data.commandId,
      valid: true,
    };
  });
