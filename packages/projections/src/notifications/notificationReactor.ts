import * as E from 'fp-ts/lib/Either.js';
import { disputeStreamId, parseEvent, type EventStore, type StoreError } from '@disputekit/core';
import { systemClock, type Clock } from '../clock/clock';
import { runUntilAborted } from '../reactors/runUntilAborted';
import { decodeRecordedEvent } from '../runner/decodeRecordedEvent';
import type { NotificationCheckpoint } from './notificationCheckpoint';
import type { NotificationSink } from './notificationSink';
import { notificationsFromEvent, type DisputeParties } from './notificationsFromEvent';
import { createReminders, type ReminderOptions } from './reminders';

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
}

/** Why a tick could not read on: the store failed, or a stored dispute event does not decode. */
export type NotificationReactorError = StoreError | { readonly _tag: 'UndecodableEvent'; readonly message: string };

/** Options of `createNotificationReactor`. */
export interface NotificationReactorOptions {
  /** The event store whose global log is read. */
  readonly events: EventStore;
  readonly sink: NotificationSink;
  /** Where the reactor keeps its place; it moves only past events whose notifications all ended. */
  readonly checkpoint: NotificationCheckpoint;
  /** Default `systemClock`. */
  readonly clock?: Clock;
  /** Events read per tick (default 200). */
  readonly batchSize?: number;
  /** Reminders before deadlines, from the deadline queue read model (none when left out). */
  readonly reminders?: Omit<ReminderOptions, 'sink' | 'clock' | 'partiesOf'>;
}

/** The notification reactor. */
export interface NotificationReactor {
  tick(): Promise<E.Either<NotificationReactorError, NotificationTick>>;
  /** Ticks every `intervalMs` (default 1,000) until `signal` aborts. */
  run(options: { readonly signal: AbortSignal; readonly intervalMs?: number }): Promise<void>;
}

/**
 * Creates the notification reactor: it reads the global log after its checkpoint, turns each dispute
 * event into notifications per party (`notificationsFromEvent`) and hands them to the sink; the
 * checkpoint moves past an event once every notification of it was delivered or dead-lettered, so a
 * crash or a failing sink only repeats notifications (same ids), never loses one. With `reminders`,
 * it also reminds whoever must act a configured time before each running deadline (`createReminders`).
 */
export const createNotificationReactor = (options: NotificationReactorOptions): NotificationReactor => {
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 200;
  const parties = new Map<string, DisputeParties>();

  /** The dispute's parties, from its first event (read once, then kept); `Right(undefined)` when it has none. */
  const readParties = async (disputeId: string): Promise<E.Either<StoreError, DisputeParties | undefined>> => {
    const known = parties.get(disputeId);
    if (known !== undefined) return E.right(known);
    const first = await options.events.readStream(disputeStreamId(disputeId), { maxCount: 1 });
    if (E.isLeft(first)) return first;
    const head = first.right[0];
    const opened = head === undefined ? undefined : parseEvent({ type: head.type, data: head.data });
    if (opened === undefined || E.isLeft(opened) || opened.right.type !== 'DisputeOpened') return E.right(undefined);
    const found = { buyerId: opened.right.data.order.buyerId, sellerId: opened.right.data.order.sellerId };
    parties.set(disputeId, found);
    return E.right(found);
  };
  const partiesOf = async (disputeId: string): Promise<DisputeParties | undefined> => {
    const read = await readParties(disputeId);
    return E.isRight(read) ? read.right : undefined; // a reminder whose parties cannot be read waits for the next tick
  };

  const reminders = options.reminders === undefined ? undefined : createReminders({ ...options.reminders, sink: options.sink, clock, partiesOf });

  const tick = async (): Promise<E.Either<NotificationReactorError, NotificationTick>> => {
    const after = await options.checkpoint.read();
    const page = await options.events.readAll({ ...(after === undefined ? {} : { after }), maxCount: batchSize });
    if (E.isLeft(page)) return page;
    let events = 0;
    let delivered = 0;
    let deadLettered = 0;
    let failed = 0;
    for (const recorded of page.right) {
      const decoded = decodeRecordedEvent(recorded);
      if (E.isLeft(decoded)) return E.left({ _tag: 'UndecodableEvent', message: decoded.left });
      const projected = decoded.right;
      if (projected !== undefined) {
        const event = projected.event;
        let who: DisputeParties | undefined;
        if (event.type === 'DisputeOpened') {
          who = { buyerId: event.data.order.buyerId, sellerId: event.data.order.sellerId };
          parties.set(event.data.disputeId, who);
        } else {
          const read = await readParties(event.data.disputeId);
          if (E.isLeft(read)) return read; // the store failed: stay before this event
          who = read.right;
        }
        const notes = who === undefined ? [] : notificationsFromEvent(event, { eventId: recorded.metadata.eventId, globalPosition: recorded.globalPosition }, who);
        for (const note of notes) {
          const outcome = await options.sink.deliver(note);
          if (outcome.status === 'failed') {
            failed += 1;
            break;
          }
          if (outcome.status === 'delivered') delivered += 1;
          else deadLettered += 1;
        }
        if (failed > 0) break; // this event again next tick: its notifications are redelivered (same ids)
      }
      await options.checkpoint.write(recorded.globalPosition);
      events += 1;
    }
    const reminded = reminders === undefined ? 0 : await reminders.tick();
    return E.right({ events, delivered, deadLettered, reminders: reminded, failed });
  };

  return { tick, run: ({ signal, intervalMs = 1_000 }) => runUntilAborted(tick, signal, intervalMs) };
};
