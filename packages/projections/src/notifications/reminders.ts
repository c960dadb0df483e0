import * as E from 'fp-ts/lib/Either.js';
import { instantFromMillis, millisOf, type Instant } from '@disputekit/core';
import type { Clock } from '@disputekit/core';
import type { DeadlineQueueQueries } from '../readModels/deadlineQueue';
import type { DeadLetter } from './deadLetters';
import type { Notification } from './notification';
import type { NotificationSink } from './notificationSink';
import { deadlineOwner, type DisputeParties } from './notificationsFromEvent';

/** Options of the reminders. */
export interface ReminderOptions {
  /** How long before a deadline falls due to remind whoever must act, in milliseconds (one or several). */
  readonly before: number | ReadonlyArray<number>;
  /** The deadline queue read model: running deadlines only, so a met deadline is never reminded. */
  readonly deadlines: DeadlineQueueQueries;
  readonly sink: NotificationSink;
  readonly clock: Clock;
  readonly partiesOf: (disputeId: string) => Promise<DisputeParties | undefined>;
  /** Deadlines looked at per tick (default 500). */
  readonly limit?: number;
  /** Keeps a reminder the sink gave up on (the reactor's dead-letter list); awaited before it counts as sent. */
  readonly onDeadLetter?: (letter: DeadLetter) => Promise<void>;
}

/** The id of a reminder: `reminder:{disputeId}:{kind}:{party or -}:{dueAt}:{before}`. */
export const reminderId = (d: { disputeId: string; kind: string; party: string | null; dueAt: string }, before: number): string =>
  `reminder:${d.disputeId}:${d.kind}:${d.party ?? '-'}:${d.dueAt}:${before}`;

/**
 * Reminders a set time before each running deadline: at each tick, every deadline of the queue due
 * within `before` (and not yet due) gets one `reminder` for its owner. A deadline that was met has
 * left the queue, so its reminder is cancelled; one already due is the scheduler's. The ids are
 * deterministic, so a restart may only repeat a reminder, which the receiver deduplicates.
 */
export const createReminders = (options: ReminderOptions) => {
  const befores = typeof options.before === 'number' ? [options.before] : [...options.before];
  for (const b of befores) if (!Number.isSafeInteger(b) || b <= 0) throw new RangeError(`reminders: before must be a positive number of milliseconds, got ${b}`);
  const sent = new Set<string>();
  const tick = async (): Promise<number> => {
    const now = options.clock.now();
    const current = new Set<string>();
    let count = 0;
    for (const before of befores) {
      const page = await options.deadlines.dueBy(instantFromMillis(now + before), options.limit ?? 500);
      if (E.isLeft(page)) continue;
      for (const d of page.right) {
        if (millisOf(d.dueAt as Instant) <= now) continue;
        const id = reminderId(d, before);
        current.add(id);
        if (sent.has(id)) continue;
        const parties = await options.partiesOf(d.disputeId);
        const owner = parties === undefined ? undefined : deadlineOwner({ kind: d.kind as never, ...(d.party === null ? {} : { party: d.party }) }, parties);
        if (owner === undefined) continue;
        const note: Notification = {
          notificationId: id,
          kind: 'reminder',
          disputeId: d.disputeId,
          recipient: owner,
          at: instantFromMillis(now),
          action: { deadline: d.kind, dueAt: d.dueAt },
          details: { remindBeforeMs: before },
        };
        const outcome = await options.sink.deliver(note);
        if (outcome.status === 'dead-lettered') await options.onDeadLetter?.({ notification: note, attempts: outcome.attempts, lastError: outcome.lastError });
        if (outcome.status !== 'failed') {
          sent.add(id);
          count += 1;
        }
      }
    }
    for (const id of sent) if (!current.has(id)) sent.delete(id);
    return count;
  };
  return { tick };
};
