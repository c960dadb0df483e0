import * as E from 'fp-ts/lib/Either.js';
import { eventTypes, parseEvent, type RecordedEvent, isDisputeStreamId } from '@disputekit/core';
import type { ProjectedEvent } from './projection';

const disputeEventTypes: ReadonlySet<string> = new Set(eventTypes);

/**
 * Decodes a stored event for the projections: `Right(undefined)` for an event that is not a
 * dispute event (another aggregate's, ignored), `Left(problem)` naming the stream and version for a
 * dispute event that does not decode or has no `metadata.recordedAt` (the runner stops there rather
 * than skip it).
 */
export const decodeRecordedEvent = (recorded: RecordedEvent): E.Either<string, ProjectedEvent | undefined> => {
  if (!isDisputeStreamId(recorded.streamId) || !disputeEventTypes.has(recorded.type)) return E.right(undefined);
  const parsed = parseEvent({ type: recorded.type, data: recorded.data });
  if (E.isLeft(parsed)) return E.left(`${recorded.streamId}@${recorded.version}: ${parsed.left.message}`);
  const recordedAt: unknown = recorded.metadata.recordedAt;
  if (typeof recordedAt !== 'string') return E.left(`${recorded.streamId}@${recorded.version}: metadata.recordedAt is missing`);
  return E.right({
    event: parsed.right,
    streamId: recorded.streamId,
    version: recorded.version,
    globalPosition: recorded.globalPosition,
    recordedAt,
  });
};
