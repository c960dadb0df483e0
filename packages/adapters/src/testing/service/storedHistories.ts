import * as E from 'fp-ts/lib/Either.js';
import { checkHistory, checkOrderHistories, disputeIdOfStream, isDisputeStreamId, isOrderGuardStreamId, type EventStore, type RecordedDisputeEvent, type RecordedEvent } from '@disputekit/core';
import { decodeDisputeStream, eventIdFor, parseOrderGuardEvent } from '@disputekit/core/internal';

/** Reads the whole global log, page by page. */
export const readWholeLog = async (store: EventStore): Promise<ReadonlyArray<RecordedEvent>> => {
  const log: RecordedEvent[] = [];
  for (;;) {
    const page = await store.readAll({ after: log.at(-1)?.globalPosition ?? 0, maxCount: 1_000 });
    if (E.isLeft(page)) throw new Error(`readAll failed: ${page.left.message}`);
    log.push(...page.right);
    if (page.right.length < 1_000) return log;
  }
};

/**
 * The whole global log once it shows `position` (the last one a writer was told it stored), re-read
 * until then for up to a minute: on PostgreSQL the log shows no event past a transaction still open
 * anywhere on the server (another test's), so a single read may stop short of what was committed.
 * After the minute, what it shows: the checks then name what is missing.
 */
export const readWholeLogThrough = async (store: EventStore, position: number): Promise<ReadonlyArray<RecordedEvent>> => {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const log = await readWholeLog(store);
    if ((log.at(-1)?.globalPosition ?? 0) >= position || Date.now() > deadline) return log;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** The global log split into decoded dispute histories and raw guard streams. */
export interface StoredHistories {
  readonly disputes: ReadonlyMap<string, ReadonlyArray<RecordedDisputeEvent>>;
  readonly guards: ReadonlyMap<string, ReadonlyArray<RecordedEvent>>;
  /** Everything wrong with the log, in words (empty when all is well). */
  readonly problems: ReadonlyArray<string>;
}


/**
 * Audits a global log: global positions increasing, event ids unique, every stream's versions
 * 1..n without gaps; every dispute stream decodes, passes `checkHistory`, holds each command's
 * events together, once, with the deterministic ids `eventIdFor(commandId, i)`; every guard event
 * decodes; and the disputes of each order pass `checkOrderHistories` (M5).
 */
export const auditLog = (log: ReadonlyArray<RecordedEvent>): StoredHistories => {
  const problems: string[] = [];
  const streams = new Map<string, RecordedEvent[]>();
  const eventIds = new Set<string>();
  let position = 0;
  for (const event of log) {
    if (event.globalPosition <= position) problems.push(`global position ${event.globalPosition} after ${position}`);
    position = event.globalPosition;
    if (eventIds.has(event.metadata.eventId)) problems.push(`event id ${event.metadata.eventId} stored twice`);
    eventIds.add(event.metadata.eventId);
    const stream = streams.get(event.streamId) ?? [];
    stream.push(event);
    streams.set(event.streamId, stream);
  }
  const disputes = new Map<string, ReadonlyArray<RecordedDisputeEvent>>();
  const guards = new Map<string, ReadonlyArray<RecordedEvent>>();
  const byOrder = new Map<string, Array<ReadonlyArray<RecordedDisputeEvent>>>();
  for (const [streamId, events] of streams) {
    const versions = events.map((e) => e.version);
    if (versions.some((v, i) => v !== i + 1)) problems.push(`${streamId}: versions ${versions.join(',')} are not 1..${versions.length}`);
    if (isOrderGuardStreamId(streamId)) {
      guards.set(streamId, events);
      for (const event of events) {
        const decoded = parseOrderGuardEvent(event);
        if (E.isLeft(decoded)) problems.push(`${streamId}@${event.version}: ${decoded.left.message}`);
      }
      continue;
    }
    if (!isDisputeStreamId(streamId)) {
      problems.push(`unexpected stream ${streamId}`);
      continue;
    }
    const decoded = decodeDisputeStream(disputeIdOfStream(streamId)!, events);
    if (E.isLeft(decoded)) {
      problems.push(decoded.left.message);
      continue;
    }
    const records = decoded.right.records;
    disputes.set(streamId, records);
    for (const violation of checkHistory(records)) problems.push(`${streamId}: ${violation.rule} ${violation.message}`);
    const seen = new Set<string>();
    let index = 0;
    records.forEach((record, i) => {
      const commandId = record.metadata.commandId;
      if (i > 0 && records[i - 1]!.metadata.commandId === commandId) index += 1;
      else {
        if (seen.has(commandId)) problems.push(`${streamId}: the events of command ${commandId} are split or repeated`);
        seen.add(commandId);
        index = 0;
      }
      if (record.event.data.commandId !== commandId) problems.push(`${streamId}@${record.version}: metadata and data disagree on the command id`);
      if (record.metadata.eventId !== eventIdFor(commandId, index)) problems.push(`${streamId}@${record.version}: event id is not eventIdFor(${commandId}, ${index})`);
    });
    const first = records[0]?.event;
    if (first?.type === 'DisputeOpened') {
      const list = byOrder.get(first.data.order.orderId) ?? [];
      list.push(records);
      byOrder.set(first.data.order.orderId, list);
    }
  }
  for (const [orderId, histories] of byOrder) {
    for (const violation of checkOrderHistories(histories)) problems.push(`order ${orderId}: ${violation.rule} ${violation.message}`);
  }
  return { disputes, guards, problems };
};
