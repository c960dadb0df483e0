import * as E from 'fp-ts/lib/Either.js';
import type { ReadModelError } from '../readSide/readModelErrors';
import { nowInstant, systemClock, type Clock } from '@disputekit/core';
import type { DeadlineQueueQueries, QueuedDeadline } from '../readModels/deadlineQueue';
import { joinedId, type CommandSender, type SystemActor } from './commandSender';
import { runUntilAborted } from './runUntilAborted';

/** The refusals that only mean "someone got there first": a stale or repeated timer. */
const HARMLESS = new Set(['DeadlineNotActive', 'DeadlineNotDue', 'DisputeClosed']);

/** The refusals that mean "not now": the deadline waits while an open chargeback holds the dispute (decision 0006). */
const HELD = new Set(['ChargebackOpen']);

/** What one scheduler tick did. */
export interface SchedulerTick {
  /** `ExpireDeadline` commands the service accepted (including repeats it answered with the first result). */
  readonly fired: number;
  /** Commands refused harmlessly (`DeadlineNotActive`, `DeadlineNotDue`, `DisputeClosed`). */
  readonly harmless: number;
  /**
   * Deadlines an open chargeback holds (`ChargebackOpen`), shown by a queue that has not caught up
   * with the chargeback yet: not failures, and tried again at the next tick (they fire once the
   * dispute resumes).
   */
  readonly held: number;
  /** Commands that failed otherwise (store down, time went backwards): tried again next tick. */
  readonly failed: number;
}

/** Options of `createDeadlineScheduler`. */
export interface DeadlineSchedulerOptions {
  readonly service: CommandSender;
  /** The deadline queue read model. */
  readonly deadlines: DeadlineQueueQueries;
  /** The clock that says what is due (default `systemClock`, the machine's clock; inject a simulated one in tests). */
  readonly clock?: Clock;
  /** The system actor's id (default `deadline-scheduler`). */
  readonly actorId?: string;
  /** Most deadlines fired per tick (default 200). */
  readonly batchSize?: number;
  /** Told about each command's outcome, for logs. */
  readonly onOutcome?: (deadline: QueuedDeadline, outcome: 'fired' | 'harmless' | 'held' | 'failed', detail?: string) => void;
}

/** The deadline scheduler. */
export interface DeadlineScheduler {
  /** Fires every deadline due now (per the clock) that the queue shows. */
  tick(): Promise<E.Either<ReadModelError, SchedulerTick>>;
  /** Ticks every `intervalMs` (default 1,000) until `signal` aborts. */
  run(options: { readonly signal: AbortSignal; readonly intervalMs?: number }): Promise<void>;
}

/** The deterministic command id of a deadline's expiry: `expire:{disputeId}:{kind}:{party}:{dueAt}`. */
export const expireCommandId = (d: Pick<QueuedDeadline, 'disputeId' | 'kind' | 'party' | 'dueAt'>): string =>
  joinedId('expire', d.disputeId, d.kind, d.party ?? '-', d.dueAt);

/**
 * Creates the deadline scheduler: a process manager that reads the deadline queue and sends
 * `ExpireDeadline` for each deadline whose `dueAt` has passed on the injected clock. It never fires
 * early (only `dueAt ≤ now`, and the decider refuses early ones anyway); its command ids are
 * deterministic, so a restart, a lagging read model or a second scheduler only repeat a command
 * that the service answers with its first result.
 */
export const createDeadlineScheduler = (options: DeadlineSchedulerOptions): DeadlineScheduler => {
  const actor: SystemActor = { role: 'system', id: options.actorId ?? 'deadline-scheduler' };
  const batchSize = options.batchSize ?? 200;
  const clock = options.clock ?? systemClock;
  /** Commands already accepted by this instance, so a lagging queue does not resend them every tick. */
  const settled = new Set<string>();

  const tick = async (): Promise<E.Either<ReadModelError, SchedulerTick>> => {
    const now = nowInstant(clock);
    const due = await options.deadlines.dueBy(now, batchSize);
    if (E.isLeft(due)) return due;
    const ids = new Set<string>();
    let fired = 0;
    let harmless = 0;
    let held = 0;
    let failed = 0;
    for (const deadline of due.right) {
      const commandId = expireCommandId(deadline);
      ids.add(commandId);
      if (settled.has(commandId) || deadline.dueAt > now) continue;
      const result = await options.service.handle({
        type: 'ExpireDeadline',
        disputeId: deadline.disputeId,
        commandId,
        actor,
        at: now,
        kind: deadline.kind,
        dueAt: deadline.dueAt,
        ...(deadline.party === null ? {} : { party: deadline.party }),
      });
      if (E.isRight(result)) {
        fired += 1;
        settled.add(commandId);
        options.onOutcome?.(deadline, 'fired');
      } else if (HARMLESS.has(result.left._tag)) {
        harmless += 1;
        settled.add(commandId);
        options.onOutcome?.(deadline, 'harmless', result.left._tag);
      } else if (HELD.has(result.left._tag)) {
        held += 1; // not settled: it fires at a later tick, once the chargeback is decided
        options.onOutcome?.(deadline, 'held', result.left._tag);
      } else {
        failed += 1;
        options.onOutcome?.(deadline, 'failed', `${result.left._tag}: ${result.left.message}`);
      }
    }
    for (const id of settled) if (!ids.has(id)) settled.delete(id); // the queue caught up: forget it
    return E.right({ fired, harmless, held, failed });
  };

  return {
    tick,
    run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(tick, signal, intervalMs),
  };
};
