import { randomUUID } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import { disputeStreamId, encodeEvent, type DisputeEvent, type EventStore, type NewEvent } from '@disputekit/core';

/** A history's event as appended by tests (test support, not part of the public API). */
export const toNewEvent = (event: DisputeEvent): NewEvent => ({
  type: event.type,
  data: (encodeEvent(event) as { data: unknown }).data,
  metadata: { eventId: randomUUID(), commandId: event.data.commandId, recordedAt: event.data.at, schemaVersion: 1 },
});

/**
 * Interleaves several histories into one global order (each history's own order kept), choosing
 * the next history with `pick(n)` ∈ [0, n).
 */
export const interleave = <T>(histories: ReadonlyArray<ReadonlyArray<T>>, pick: (n: number) => number): T[] => {
  const cursors = histories.map(() => 0);
  const out: T[] = [];
  for (;;) {
    const open = histories.map((_h, i) => i).filter((i) => cursors[i]! < histories[i]!.length);
    if (open.length === 0) return out;
    const i = open[pick(open.length) % open.length]!;
    out.push(histories[i]![cursors[i]!]!);
    cursors[i]! += 1;
  }
};

/** Appends dispute events one by one, each to its dispute's stream, in the order given. */
export const appendEvents = async (store: EventStore, events: ReadonlyArray<DisputeEvent>): Promise<void> => {
  const versions = new Map<string, number>();
  for (const event of events) {
    const stream = disputeStreamId(event.data.disputeId);
    const version = versions.get(stream) ?? (await currentVersion(store, stream));
    const appended = await store.appendToStream(stream, [toNewEvent(event)], { expectedVersion: version });
    if (E.isLeft(appended)) throw new Error(`append failed: ${appended.left.message}`);
    versions.set(stream, version + 1);
  }
};

const currentVersion = async (store: EventStore, stream: string): Promise<number> => {
  const read = await store.readStream(stream);
  if (E.isLeft(read)) throw new Error(read.left.message);
  return read.right.length;
};
