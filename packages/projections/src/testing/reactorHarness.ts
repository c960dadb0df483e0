import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, instantFromMillis, millisOf, type DisputeService, type Instant } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSimulatedClock } from '@disputekit/core';
import { notReceivedOpening } from './notReceivedOpening';
import { createDisputeReadModels, disputeProjections } from '../readModels/readModels';
import { createProjectionRunner } from '../runner/projectionRunner';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';

/** A service, a log, read models and a runner over a simulated clock, for reactor tests (test support). */
export const reactorHarness = () => {
  const clock = createSimulatedClock('2026-03-10T09:00:00Z');
  const events = createInMemoryEventStore();
  const service: DisputeService = createDisputeService({ store: events, clock, backoff: () => 0 });
  const store = createMemoryReadSideStore();
  const readModels = createDisputeReadModels(store);
  const runner = createProjectionRunner({ events, readSide: store, projections: disputeProjections, clock });
  const at = () => instantFromMillis(clock.now());
  const must = async (command: Record<string, unknown>) => {
    const result = await service.handle({ at: at(), ...command });
    if (E.isLeft(result)) throw new Error(`${String(command.type)} refused: ${result.left.message}`);
    return result.right;
  };
  const catchUp = async () => {
    const done = await runner.catchUp();
    if (E.isLeft(done)) throw new Error(done.left.message);
  };
  const types = async (disputeId: string) => {
    const loaded = await service.load(disputeId);
    if (E.isLeft(loaded)) throw new Error(loaded.left.message);
    return loaded.right.events.map((r) => r.event.type);
  };
  /** Opens a refund-only "not received" dispute for 50.00 USD; returns its id. */
  const open = async (disputeId: string) => {
    await must(notReceivedOpening(disputeId, clock.now()));
    return disputeId;
  };
  /** The seller accepts the buyer's request: the dispute awaits its 50.00 USD refund. */
  const resolveForBuyer = async (disputeId: string) =>
    must({ type: 'AcceptProposal', disputeId, commandId: `${disputeId}-accept`, actor: { role: 'seller', id: 'seller-1' }, proposalId: `${disputeId}-p1` });
  const advanceTo = (instant: string) => clock.advanceTo(instant as Instant);
  const hours = (n: number) => clock.advance(n * 3_600_000);
  const dueAt = (from: string, days: number) => instantFromMillis(millisOf(from as Instant) + days * 86_400_000);
  return { clock, events, service, store, readModels, runner, at, must, catchUp, types, open, resolveForBuyer, advanceTo, hours, dueAt };
};
