import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, instantFromMillis, type EventStore } from '@disputekit/core';
import { type ReadSideStore } from '../readSide/projectionLease';
import { createSimulatedClock } from '@disputekit/core';
import { notReceivedOpening } from './notReceivedOpening';
import { createInMemoryPaymentGateway } from '../reactors/inMemoryPaymentGateway';
import { createDeadlineScheduler } from '../reactors/deadlineScheduler';
import { createRefundProcessor } from '../reactors/refundProcessor';
import { createDisputeReadModels, disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';

/** How a test reaches one stored row of its store, by hand, as an operator would. */
export interface RowSurgery {
  /** Replaces the data text of one stored event; returns the text it held. */
  setData(streamId: string, version: number, data: string): Promise<string>;
}

const must = <A>(result: E.Either<{ message: string }, A>, what: string): A => {
  if (E.isLeft(result)) throw new Error(`${what}: ${result.left.message}`);
  return result.right;
};

/**
 * One hand-corrupted row against the whole read side (test support). Three disputes are opened;
 * the first event of `dispute-bad` is then corrupted by hand. The runner must park that stream and
 * build the rest; the service answers `CorruptEvent` for that dispute only; the refund processor
 * and the deadline scheduler go on for the others; the parking survives a restart; the stream is
 * refused re-admission while still corrupt and re-admitted once repaired. Returns what it saw.
 */
export const parkingScenario = async (events: EventStore, openReadSide: () => ReadSideStore, surgery: RowSurgery) => {
  const clock = createSimulatedClock('2026-03-10T09:00:00Z');
  const newService = () => createDisputeService({ store: events, clock, backoff: () => 0 });
  let service = newService();
  const open = (disputeId: string) =>
    service.handle(notReceivedOpening(disputeId, clock.now()));
  const acceptForBuyer = (disputeId: string) =>
    service.handle({ type: 'AcceptProposal', disputeId, commandId: `${disputeId}-accept`, actor: { role: 'seller', id: 'seller-1' }, at: instantFromMillis(clock.now()), proposalId: `${disputeId}-p1` });

  for (const id of ['bad', 'paid', 'waiting']) must(await open(id), `open ${id}`);
  clock.advance(3_600_000);
  must(await acceptForBuyer('bad'), 'accept bad');
  must(await acceptForBuyer('paid'), 'accept paid');
  const original = await surgery.setData('dispute-bad', 1, '{"disputeId":"bad","hand":"edited"}');
  service = newService(); // as after a restart: nothing of the row before the edit is kept in memory

  const readSide = openReadSide();
  const readModels = createDisputeReadModels(readSide);
  const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock, batchSize: 2 });
  const firstCatchUp = await runner.catchUp();
  const parkedFirst = runner.status().map((s) => ({ projection: s.projection, parked: s.parked.map((p) => `${p.streamId}@${p.version}`) }));
  const serviceOnBad = await service.handle({ type: 'PostMessage', disputeId: 'bad', commandId: 'bad-msg', actor: { role: 'buyer', id: 'buyer-1' }, at: instantFromMillis(clock.now()), messageId: 'm1', text: 'hello?' });
  const serviceOnWaiting = await service.handle({ type: 'PostMessage', disputeId: 'waiting', commandId: 'waiting-msg', actor: { role: 'buyer', id: 'buyer-1' }, at: instantFromMillis(clock.now()), messageId: 'm1', text: 'hello?' });

  const gateway = createInMemoryPaymentGateway();
  const refunds = must(await createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock }).tick(), 'refund tick');
  clock.advance(40 * 86_400_000);
  must(await runner.catchUp(), 'catch up after the refund');
  const fired: string[] = [];
  const scheduler = createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock, onOutcome: (d, outcome) => outcome === 'fired' && fired.push(d.disputeId) });
  must(await scheduler.tick(), 'scheduler tick');
  must(await runner.catchUp(), 'catch up after the deadlines');
  const summaries = async () =>
    Object.fromEntries(await Promise.all(['bad', 'paid', 'waiting'].map(async (id) => [id, must(await readModels.disputeSummary.get(id), 'summary')?.status ?? 'absent'])));
  const summariesWhileParked = await summaries();
  await runner.stop();
  await readSide.close();

  // A restart: a new runner over a new connection to the same read side still knows the parked stream.
  const readSideAgain = openReadSide();
  const readModelsAgain = createDisputeReadModels(readSideAgain);
  const restarted = createProjectionRunner({ events, readSide: readSideAgain, projections: disputeProjections, clock });
  must(await restarted.catchUp(), 'catch up after the restart');
  const parkedAfterRestart = restarted.status().map((s) => s.parked.map((p) => p.streamId));
  const stillCorrupt = await restarted.readmit('dispute-bad');
  await surgery.setData('dispute-bad', 1, original);
  const readmitted = must(await restarted.readmit('dispute-bad'), 'readmit');
  must(await restarted.catchUp(), 'catch up after the readmission');
  const parkedAfterReadmit = restarted.status().map((s) => s.parked.map((p) => p.streamId));
  const summaryOfBad = must(await readModelsAgain.disputeSummary.get('bad'), 'summary of bad')?.status;
  await restarted.stop();
  await readSideAgain.close();
  return {
    firstCatchUp,
    parkedFirst,
    serviceOnBad,
    serviceOnWaiting,
    refunds,
    payouts: gateway.payouts().map((p) => p.disputeId),
    fired,
    summariesWhileParked,
    parkedAfterRestart,
    stillCorrupt,
    readmitted,
    parkedAfterReadmit,
    summaryOfBad,
  };
};

/** What `parkingScenario` must see on every store (test support). */
export const expectParkingScenario = (seen: Awaited<ReturnType<typeof parkingScenario>>): void => {
  expect(E.isRight(seen.firstCatchUp)).toBe(true);
  expect(seen.parkedFirst).toEqual(disputeProjections.map((p) => ({ projection: p.name, parked: ['dispute-bad@1'] })));
  expect(E.isLeft(seen.serviceOnBad) && seen.serviceOnBad.left._tag).toBe('CorruptEvent');
  expect(E.isRight(seen.serviceOnWaiting)).toBe(true);
  expect(seen.refunds.issued).toBe(1);
  expect(seen.payouts).toEqual(['paid']);
  expect(seen.fired).toContain('waiting');
  expect(seen.fired).not.toContain('bad');
  expect(seen.summariesWhileParked.bad).toBe('absent');
  expect(seen.summariesWhileParked.paid).toBe('CLOSED');
  expect(seen.summariesWhileParked.waiting).not.toBe('absent');
  expect(seen.parkedAfterRestart).toEqual(disputeProjections.map(() => ['dispute-bad']));
  expect(E.isLeft(seen.stillCorrupt) && seen.stillCorrupt.left._tag).toBe('StreamStillCorrupt');
  expect(seen.readmitted.rebuilding).toEqual(disputeProjections.map((p) => p.name));
  expect(seen.parkedAfterReadmit).toEqual(disputeProjections.map(() => []));
  expect(seen.summaryOfBad).toBe('AWAITING_REFUND');
};
