import * as E from 'fp-ts/lib/Either.js';
import type { EventStore } from '@disputekit/core';
import type { ReadSideStore } from '../readSide/projectionLease';
import { decodeRecordedEvent } from './decodeRecordedEvent';
import type { Projection } from './projection';
import { streamStillCorrupt, type RunnerError } from './runnerErrors';

/** Options of `readmitStream`. */
export interface ReadmitOptions {
  readonly events: EventStore;
  readonly readSide: ReadSideStore;
  /** The projections to look in (the runner's). */
  readonly projections: ReadonlyArray<Projection>;
  /** The stream that was parked and is now repaired, e.g. `dispute-d42`. */
  readonly streamId: string;
}

/** What `readmitStream` did. */
export interface ReadmitResult {
  readonly streamId: string;
  /** Projections that had parked the stream: a rebuild of each is now registered in the catalog. */
  readonly rebuilding: ReadonlyArray<string>;
}

/**
 * Re-admits a repaired stream into the projections that parked it. It first checks that every
 * stored event of the stream now decodes (else `StreamStillCorrupt`, nothing changed); then, for
 * each projection whose active generation parked the stream, it registers a rebuild in the catalog:
 * a new generation built from position 0 beside the one that keeps serving, swapped in once caught
 * up. (Applying only the skipped events would be wrong: they must be applied in log order with
 * every other stream's.) A running runner picks the rebuild up at its next lease renewal.
 */
export const readmitStream = async (options: ReadmitOptions): Promise<E.Either<RunnerError, ReadmitResult>> => {
  const { events, readSide, streamId } = options;
  const stored = await events.readStream(streamId);
  if (E.isLeft(stored)) return stored;
  for (const event of stored.right) {
    const decoded = decodeRecordedEvent(event);
    if (E.isLeft(decoded)) return E.left(streamStillCorrupt(streamId, event.globalPosition, decoded.left));
  }
  const rebuilding: string[] = [];
  for (const projection of options.projections) {
    const entry = await readSide.readCatalog(projection.name);
    if (E.isLeft(entry)) return entry;
    if (entry.right === undefined) continue;
    const parked = await readSide.readParked({ projection: projection.name, generation: entry.right.active.generation });
    if (E.isLeft(parked)) return parked;
    if (!parked.right.some((p) => p.streamId === streamId)) continue;
    const { active, building } = entry.right;
    if (building !== undefined && building.version === projection.version) {
      const buildingParked = await readSide.readParked({ projection: projection.name, generation: building.generation });
      if (E.isLeft(buildingParked)) return buildingParked;
      // A rebuild under way that has not parked the stream will follow it: nothing to register.
      if (!buildingParked.right.some((p) => p.streamId === streamId)) {
        rebuilding.push(projection.name);
        continue;
      }
      const dropped = await readSide.drop({ projection: projection.name, generation: building.generation }, projection.tables);
      if (E.isLeft(dropped)) return dropped;
    }
    const generation = Math.max(active.generation, building?.generation ?? 0) + 1;
    const written = await readSide.writeCatalog({ projection: projection.name, active, building: { generation, version: projection.version } });
    if (E.isLeft(written)) return written;
    rebuilding.push(projection.name);
  }
  return E.right({ streamId, rebuilding });
};
