import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, type EventStore } from '@disputekit/core';
import { cancelDispute, day, openDispute } from './commandJson';
import { auditLog, readWholeLogThrough } from './storedHistories';

/**
 * Races OpenDispute commands for one order through separate services (one per store given: give
 * several connections to the same database), `rounds` times with a fresh order each time:
 * - `width` different disputes of one order at once: exactly one may open, the others must be
 *   refused with `OrderHasOpenDispute` naming the winner;
 * - then, once the winner is cancelled (day 5), `width` more at once (day 6): exactly one opens (the second dispute of
 *   the order), the other is refused;
 * - and the same command sent by every service at once: one `DisputeOpened` stored, every reply the
 *   same events.
 * Returns what went wrong, in words (empty when all is well), after auditing the whole log.
 */
export const raceOpenings = async (stores: ReadonlyArray<EventStore>, rounds: number, width = 2): Promise<ReadonlyArray<string>> => {
  const problems: string[] = [];
  const services = stores.map((store) => createDisputeService({ store }));
  const serviceFor = (i: number) => services[i % services.length]!;
  // The last global position a service said it stored: the audit waits until the log shows it (on
  // PostgreSQL another test's open transaction may hide newer events from a reader for a while).
  let lastStored = 0;
  const noteStored = (r: Awaited<ReturnType<(typeof services)[number]['handle']>>) => {
    if (E.isRight(r)) for (const e of r.right.events) lastStored = Math.max(lastStored, e.globalPosition ?? 0);
  };
  const raceOf = async (orderId: string, tag: string, at: string) => {
    const results = await Promise.all(
      Array.from({ length: width }, (_, i) => serviceFor(i).handle(openDispute({ disputeId: `${orderId}-${tag}${i}`, orderId, commandId: `${orderId}-${tag}${i}`, at }))),
    );
    results.forEach(noteStored);
    const winners = results.flatMap((r, i) => (E.isRight(r) ? [`${orderId}-${tag}${i}`] : []));
    if (winners.length !== 1) problems.push(`${orderId} ${tag}: ${winners.length} of ${width} concurrent openings won`);
    for (const r of results) {
      if (E.isLeft(r) && (r.left._tag !== 'OrderHasOpenDispute' || r.left.openDisputeId !== winners[0])) {
        problems.push(`${orderId} ${tag}: a loser got ${r.left._tag} (${r.left.message})`);
      }
    }
    return winners[0];
  };
  for (let round = 0; round < rounds; round++) {
    const orderId = `race${round}`;
    const first = await raceOf(orderId, 'a', day(1));
    if (first === undefined) continue;
    const cancelled = await serviceFor(round).handle(cancelDispute({ disputeId: first, orderId, commandId: `${first}-cancel` }));
    noteStored(cancelled);
    if (E.isLeft(cancelled)) problems.push(`${first}: cancel failed: ${cancelled.left.message}`);
    await raceOf(orderId, 'b', day(6));
    const same = openDispute({ disputeId: `${orderId}-same`, orderId: `${orderId}-solo`, commandId: `${orderId}-same` });
    const results = await Promise.all(services.map((service) => service.handle(same)));
    results.forEach(noteStored);
    const ids = results.map((r) => (E.isRight(r) ? r.right.events.map((e) => e.metadata.eventId).join() : `error ${r.left._tag}`));
    if (new Set(ids).size !== 1 || ids[0]!.startsWith('error')) problems.push(`${orderId}: the same opening sent ${services.length} times gave ${ids.join(' | ')}`);
  }
  const audit = auditLog(await readWholeLogThrough(stores[0]!, lastStored));
  problems.push(...audit.problems);
  const openings = [...audit.disputes.values()].length;
  if (openings !== rounds * 3) problems.push(`${openings} disputes stored, expected ${rounds * 3}`);
  return problems;
};
