import * as E from 'fp-ts/lib/Either.js';
import { disputeStreamId, instantFromMillis, parseEvent, systemClock, type Clock, type EventStore, type RecordedEvent, type StoreError } from '@disputekit/core';
import type { ReadModelError } from '../readSide/readModelErrors';
import { runUntilAborted } from '../reactors/runUntilAborted';
import { decodeRecordedEvent } from '../runner/decodeRecordedEvent';
import type { DeadLetter, StoredDeadLetter } from './deadLetters';
import type { NotificationCheckpoint } from './notificationCheckpoint';
import { createNotificationLedger, ledgerOverCheckpoint, NotificationStateError, type NotificationLedger } from './notificationLedger';
import type { NotificationSink } from './notificationSink';
import type { NotificationStore } from './notificationStore';
import { notificationsFromEvent, type DisputeParties } from './notificationsFromEvent';
import { createReminders, type ReminderOptions } from './reminders';

type Reminders = ReturnType<typeof createReminders>;

/** What one tick did. */
export interface NotificationTick {
  /** Stored events read and passed (the checkpoint moved past them). */
  readonly events: number;
  readonly delivered: number;
  readonly deadLettered: number;
  /** Reminders sent (delivered or dead-lettered). */
  readonly reminders: number;
  /** Deliveries that failed for now: the tick stopped there and the next one tries again. */
  readonly failed: number;
  /** Requeued dead letters delivered this time (and removed from the list). */
  readonly redelivered: number;
}

/** Why a tick could not go on: the event store or the ledger's store failed, or a stored dispute event does not decode. */
export type NotificationReactorError = StoreError | ReadModelError | { readonly _tag: 'UndecodableEvent'; readonly message: string };

/** Options of `createNotificationReactor`. */
export interface NotificationReactorOptions {
  /** The event store whose global log is read. */
  readonly events: EventStore;
  readonly sink: NotificationSink;
  /**
   * A read-side store (`createSqliteReadSideStore`, `createPostgresReadSideStore`, or the memory
   * one): the reactor keeps its checkpoint and dead letters there, durably, under `name`.
   */
  readonly readSide?: NotificationStore;
  /** The reactor's name in the read-side store (default `notifications`): one per reactor sharing a store. */
  readonly name?: string;
  /**
   * Instead of `readSide`: a checkpoint of your own (it moves only past events whose notifications
   * all ended); the dead letters are then kept in memory only.
   */
  readonly checkpoint?: NotificationCheckpoint;
  /** Default `systemClock`. */
  readonly clock?: Clock;
  /** Events read per tick (default 200). */
  readonly batchSize?: number;
  /** Reminders before deadlines, from the deadline queue read model (none when left out). */
  readonly reminders?: Omit<ReminderOptions, 'sink' | 'clock' | 'partiesOf'>;
}

/** The notification reactor. */
export interface NotificationReactor {
  /** Re-drives requeued dead letters, then notifies the events after the checkpoint, then sends due reminders. */
  tick(): Promise<E.Either<NotificationReactorError, NotificationTick>>;
  /** Its checkpoint and dead letters: `ledger.deadLetters()` lists them, `ledger.requeue(ids?)` re-drives them. */
  readonly ledger: NotificationLedger;
  /** Ticks every `intervalMs` (default 1,000) until `signal` aborts. */
  run(options: { readonly signal: AbortSignal; readonly intervalMs?: number }): Promise<void>;
}

/** What a notification reactor's operations share. */
interface ReactorContext {
  readonly options: NotificationReactorOptions;
  readonly ledger: NotificationLedger;
  readonly clock: Clock;
  readonly batchSize: number;
  /** Each dispute's parties, read once from its first event. */
  readonly parties: Map<string, DisputeParties>;
  reminders: Reminders | undefined;
}

/** The dispute's parties, from its first event (read once, then kept); `Right(undefined)` when it has none. */
const readParties = async (ctx: ReactorContext, disputeId: string): Promise<E.Either<StoreError, DisputeParties | undefined>> => {
  const known = ctx.parties.get(disputeId);
  if (known !== undefined) return E.right(known);
  const first = await ctx.options.events.readStream(disputeStreamId(disputeId), { maxCount: 1 });
  if (E.isLeft(first)) return first;
  const head = first.right[0];
  const opened = head === undefined ? undefined : parseEvent({ type: head.type, data: head.data });
  if (opened === undefined || E.isLeft(opened) || opened.right.type !== 'DisputeOpened') return E.right(undefined);
  const found = { buyerId: opened.right.data.order.buyerId, sellerId: opened.right.data.order.sellerId };
  ctx.parties.set(disputeId, found);
  return E.right(found);
};

const deadLetter = (ctx: ReactorContext, notification: DeadLetter['notification'], attempts: number, lastError: string): Omit<StoredDeadLetter, 'status'> => ({
  notification,
  attempts,
  lastError,
  deadLetteredAt: instantFromMillis(ctx.clock.now()),
});

const keepDeadLetter = (ctx: ReactorContext, letter: DeadLetter) =>
  ctx.ledger.commit({ deadLetters: [deadLetter(ctx, letter.notification, letter.attempts, letter.lastError)] });

const remindersOf = (ctx: ReactorContext): Reminders | undefined => {
  const { options } = ctx;
  if (options.reminders === undefined) return undefined;
  const partiesOf = async (disputeId: string): Promise<DisputeParties | undefined> => {
    const read = await readParties(ctx, disputeId);
    return E.isRight(read) ? read.right : undefined; // a reminder whose parties cannot be read waits for the next tick
  };
  return createReminders({ ...options.reminders, sink: options.sink, clock: ctx.clock, partiesOf, onDeadLetter: (letter) => keepDeadLetter(ctx, letter) });
};

/** Sends requeued dead letters again: a delivered one leaves the list, a dead one stays (attempts added up). */
const redrive = async (ctx: ReactorContext) => {
  let redelivered = 0;
  let deadLettered = 0;
  for (const letter of await ctx.ledger.deadLetters({ status: 'requeued', limit: ctx.batchSize })) {
    const outcome = await ctx.options.sink.deliver(letter.notification);
    if (outcome.status === 'failed') return { redelivered, deadLettered, failed: 1 };
    if (outcome.status === 'delivered') {
      await ctx.ledger.commit({ redelivered: [letter.notification.notificationId] });
      redelivered += 1;
    } else {
      await keepDeadLetter(ctx, { notification: letter.notification, attempts: letter.attempts + outcome.attempts, lastError: outcome.lastError });
      deadLettered += 1;
    }
  }
  return { redelivered, deadLettered, failed: 0 };
};

/** What notifying one stored event did. */
interface EventOutcome {
  readonly delivered: number;
  readonly letters: ReadonlyArray<Omit<StoredDeadLetter, 'status'>>;
  /** True when a delivery failed for now: the event is notified again next tick. */
  readonly failed: boolean;
}

/** Notifies one stored event's parties (nothing for an event of another stream). */
const notifyEvent = async (ctx: ReactorContext, recorded: RecordedEvent): Promise<E.Either<NotificationReactorError, EventOutcome>> => {
  const decoded = decodeRecordedEvent(recorded);
  if (E.isLeft(decoded)) return E.left({ _tag: 'UndecodableEvent', message: decoded.left });
  const projected = decoded.right;
  if (projected === undefined) return E.right({ delivered: 0, letters: [], failed: false });
  const event = projected.event;
  let who: DisputeParties | undefined;
  if (event.type === 'DisputeOpened') {
    who = { buyerId: event.data.order.buyerId, sellerId: event.data.order.sellerId };
    ctx.parties.set(event.data.disputeId, who);
  } else {
    const read = await readParties(ctx, event.data.disputeId);
    if (E.isLeft(read)) return read; // the store failed: stay before this event
    who = read.right;
  }
  const notes = who === undefined ? [] : notificationsFromEvent(event, { eventId: recorded.metadata.eventId, globalPosition: recorded.globalPosition }, who);
  let delivered = 0;
  const letters: Array<Omit<StoredDeadLetter, 'status'>> = [];
  for (const note of notes) {
    const outcome = await ctx.options.sink.deliver(note);
    if (outcome.status === 'failed') return E.right({ delivered, letters, failed: true });
    if (outcome.status === 'delivered') delivered += 1;
    else letters.push(deadLetter(ctx, note, outcome.attempts, outcome.lastError));
  }
  return E.right({ delivered, letters, failed: false });
};

const tickOnce = async (ctx: ReactorContext): Promise<E.Either<NotificationReactorError, NotificationTick>> => {
  const again = await redrive(ctx);
  if (again.failed > 0) return E.right({ events: 0, delivered: 0, reminders: 0, ...again });
  const after = await ctx.ledger.read();
  const page = await ctx.options.events.readAll({ ...(after === undefined ? {} : { after }), maxCount: ctx.batchSize });
  if (E.isLeft(page)) return page;
  let events = 0;
  let delivered = 0;
  let deadLettered = again.deadLettered;
  let failed = 0;
  for (const recorded of page.right) {
    const outcome = await notifyEvent(ctx, recorded);
    if (E.isLeft(outcome)) return outcome;
    delivered += outcome.right.delivered;
    if (outcome.right.failed) {
      failed += 1;
      break; // this event again next tick: its notifications are redelivered (same ids)
    }
    await ctx.ledger.commit({ position: recorded.globalPosition, deadLetters: outcome.right.letters }); // the checkpoint and the event's dead letters together
    deadLettered += outcome.right.letters.length;
    events += 1;
  }
  const reminded = ctx.reminders === undefined ? 0 : await ctx.reminders.tick();
  return E.right({ events, delivered, deadLettered, reminders: reminded, failed, redelivered: again.redelivered });
};

/** One tick; a failure of the ledger's store is its `Left`, the ledger left where it was. */
const tick = async (ctx: ReactorContext): Promise<E.Either<NotificationReactorError, NotificationTick>> => {
  try {
    return await tickOnce(ctx);
  } catch (error) {
    if (error instanceof NotificationStateError) return E.left(error.error);
    throw error;
  }
};

/**
 * Creates the notification reactor: it reads the global log after its checkpoint, turns each dispute
 * event into notifications per party (`notificationsFromEvent`) and hands them to the sink; the
 * checkpoint moves past an event once every notification of it was delivered or dead-lettered, so a
 * crash or a failing sink only repeats notifications (same ids), never loses one. With `reminders`,
 * it also reminds whoever must act a configured time before each running deadline (`createReminders`).
 * An event's dead letters are kept with its checkpoint move, in one transaction on the SQL stores.
 * Give it `readSide` (durable) or `checkpoint` (your own), not both.
 */
export const createNotificationReactor = (options: NotificationReactorOptions): NotificationReactor => {
  const ctx: ReactorContext = {
    options,
    ledger: ledgerOf(options),
    clock: options.clock ?? systemClock,
    batchSize: options.batchSize ?? 200,
    parties: new Map(),
    reminders: undefined,
  };
  ctx.reminders = remindersOf(ctx);
  return { tick: () => tick(ctx), ledger: ctx.ledger, run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(() => tick(ctx), signal, intervalMs) };
};

/** The durable ledger in `readSide`, or one over the given `checkpoint`: exactly one of them. */
const ledgerOf = (options: NotificationReactorOptions): NotificationLedger => {
  if (options.readSide !== undefined && options.checkpoint !== undefined) {
    throw new TypeError('createNotificationReactor(): give readSide (a read-side store, durable) or checkpoint (your own), not both');
  }
  if (options.readSide !== undefined) return createNotificationLedger(options.readSide, options.name === undefined ? {} : { name: options.name });
  if (options.checkpoint !== undefined) return ledgerOverCheckpoint(options.checkpoint);
  throw new TypeError('createNotificationReactor(): give readSide (a read-side store, where the checkpoint and dead letters are kept) or checkpoint');
};
