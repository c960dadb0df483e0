import * as E from 'fp-ts/lib/Either.js';
import { createDisputeService, type DisputeService, type EventStore } from '@disputekit/core';
import { type ReadSideStoreWithNotifications } from '@disputekit/projections';
import { createDeadlineScheduler, createDisputeReadModels, createInMemoryPaymentGateway, createProjectionRunner, createRefundProcessor, disputeProjections, type DisputeReadModels, type InMemoryPaymentGateway, type ProjectionRunner } from '@disputekit/projections';
import { createInMemoryPayoutPort, createPayoutReactor, createReadSidePayoutCursor, type InMemoryPayoutPort, type PayoutReactor } from '@disputekit/projections';
import { createSimulatedClock, type SimulatedClock } from '@disputekit/core';
import { CliError } from '../cliError';
import type { DemoStory } from './stories';

/** Everything the demo runs: the service, the projections, the reactors, and the simulated clock. */
export interface DemoWorld {
  readonly clock: SimulatedClock;
  readonly service: DisputeService;
  readonly runner: ProjectionRunner;
  readonly readModels: DisputeReadModels;
  readonly gateway: InMemoryPaymentGateway;
  /** The seller-payout service the payout reactor holds and releases through. */
  readonly payouts: InMemoryPayoutPort;
  readonly payoutReactor: PayoutReactor;
}

/**
 * Wires the dispute service (writing a hash-chained log), the projection runner and the reactors
 * around a simulated clock. The payout reactor keeps its cursor in the read-side store, beside the
 * read models, as a deployment would.
 */
export const createDemoWorld = (events: EventStore, readSide: ReadSideStoreWithNotifications, start: string): DemoWorld => {
  const clock = createSimulatedClock(start);
  const service = createDisputeService({ store: events, clock, backoff: () => 0 });
  const runner = createProjectionRunner({ events, readSide, projections: disputeProjections, clock, owner: 'disputekit-demo' });
  const readModels = createDisputeReadModels(readSide);
  const gateway = createInMemoryPaymentGateway();
  const payouts = createInMemoryPayoutPort();
  const payoutReactor = createPayoutReactor({ events, port: payouts, cursor: createReadSidePayoutCursor(readSide) });
  return { clock, service, runner, readModels, gateway, payouts, payoutReactor };
};

const orFail = <A>(result: E.Either<{ readonly message: string }, A>, what: string): A => {
  if (E.isLeft(result)) throw new CliError(`The demo could not ${what}: ${result.left.message}`);
  return result.right;
};

/** What the demo saw happen: commands handled, deadlines fired, refunds paid. */
export interface DemoRun {
  readonly commands: number;
  readonly deadlinesFired: number;
  readonly refundsPaid: number;
  /** Payout holds placed and released through the payout reactor. */
  readonly payoutHolds: number;
  readonly payoutReleases: number;
}

/**
 * Plays the stories on a simulated clock. The clock jumps from one moment of interest to the next:
 * the next step of a story, or the next deadline in the deadline queue. At each moment the
 * projections catch up and the reactors tick until nothing more happens, so deadlines fire at the
 * instant they fall due and refunds go out as soon as a dispute awaits one. `pause(at)` is called
 * once when the clock passes `pauseAt` (to show the read models mid-way).
 */
export const playStories = async (
  world: DemoWorld,
  stories: ReadonlyArray<DemoStory>,
  options: { readonly pauseAt?: string; readonly pause?: () => Promise<void> } = {},
): Promise<DemoRun> => {
  const { clock, service, runner, readModels, gateway, payoutReactor } = world;
  const scheduler = createDeadlineScheduler({ service, deadlines: readModels.deadlineQueue, clock });
  const refunds = createRefundProcessor({ service, summaries: readModels.disputeSummary, gateway, clock });
  const steps = stories
    .flatMap((story) => story.steps.map((step, index) => ({ ...step, disputeId: story.disputeId, commandId: `${story.disputeId}-cmd-${index + 1}` })))
    .sort((a, b) => a.at.localeCompare(b.at));
  let commands = 0;
  let deadlinesFired = 0;
  let refundsPaid = 0;
  const payouts = { held: 0, released: 0 };
  let paused = options.pauseAt === undefined;

  const settle = async (): Promise<void> => {
    for (let round = 0; round < 20; round++) {
      orFail(await runner.catchUp(), 'update the read models');
      const fired = orFail(await scheduler.tick(), 'read the deadline queue');
      const paid = orFail(await refunds.tick(), 'read the refunds due');
      const moved = orFail(E.mapLeft((message: string) => ({ message }))(await payoutReactor.tick()), 'tell the payout service');
      payouts.held += moved.held;
      payouts.released += moved.released;
      deadlinesFired += fired.fired;
      refundsPaid += paid.issued;
      if (fired.fired + fired.failed + paid.issued + paid.failed + paid.unsent === 0) return;
    }
  };
  const nextDeadline = async (): Promise<string | undefined> => orFail(await readModels.deadlineQueue.all({ limit: 1 }), 'read the deadline queue').items[0]?.dueAt;

  let next = 0;
  for (let moments = 0; ; moments++) {
    if (moments > 10_000) throw new CliError('The demo did not settle: a deadline stays due but never fires. This is a bug; please report it.');
    await settle();
    const stepAt = steps[next]?.at;
    const dueAt = await nextDeadline();
    const target = [stepAt, dueAt].filter((t): t is string => t !== undefined).sort()[0];
    if (target === undefined) break;
    if (!paused && options.pauseAt !== undefined && target > options.pauseAt) {
      clock.advanceTo(options.pauseAt);
      await settle();
      await options.pause?.();
      paused = true;
    }
    clock.advanceTo(target);
    while (next < steps.length && steps[next]!.at <= target) {
      const step = steps[next++]!;
      const handled = await service.handle({ ...step.command, disputeId: step.disputeId, commandId: step.commandId, at: step.at });
      if (E.isLeft(handled)) throw new CliError(`The demo's ${String(step.command['type'])} on ${step.disputeId} was refused: ${handled.left.message}`);
      commands++;
    }
  }
  return { commands, deadlinesFired, refundsPaid, payoutHolds: payouts.held, payoutReleases: payouts.released };
};
