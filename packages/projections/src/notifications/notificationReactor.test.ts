import * as E from 'fp-ts/lib/Either.js';
import { reactorHarness } from '../testing/reactorHarness';
import type { Notification } from './notification';
import { createMemoryNotificationCheckpoint } from './notificationCheckpoint';
import { createNotificationReactor } from './notificationReactor';
import { createMemoryNotificationSink, type DeliveryOutcome, type NotificationSink } from './notificationSink';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';
import { expectRight } from '@disputekit/core/testing';

const DAY = 86_400_000;
describe('notification reactor', () => {
  it('does not move its checkpoint past an event whose notifications failed, and sends them again next tick', async () => {
    const h = reactorHarness();
    await h.open('n1');
    let down = true;
    const seen: Notification[] = [];
    const flaky: NotificationSink = {
      deliver: async (n): Promise<DeliveryOutcome> => {
        seen.push(n);
        return down ? { status: 'failed', error: 'sink down' } : { status: 'delivered', attempts: 1 };
      },
    };
    const checkpoint = createMemoryNotificationCheckpoint();
    const reactor = createNotificationReactor({ events: h.events, sink: flaky, checkpoint });
    const first = expectRight(await reactor.tick());
    expect(first.failed).toBe(1);
    const stuckAt = await checkpoint.read();
    expect(expectRight(await reactor.tick())).toMatchObject({ events: 0, failed: 1 }); // stuck at the same event
    expect(await checkpoint.read()).toBe(stuckAt);
    down = false;
    const third = expectRight(await reactor.tick());
    expect(third.failed).toBe(0);
    expect(third.delivered).toBe(3); // opened ×2, seller's action
    const ids = seen.map((n) => n.notificationId);
    expect(ids.filter((id) => id === ids[0])).toHaveLength(3); // the same id each time: the receiver's dedup key
  });

  it('stays before an event whose dispute cannot be read (store down), and goes on once it can', async () => {
    const h = reactorHarness();
    await h.open('n4');
    h.hours(1);
    await h.must({ type: 'MakeProposal', disputeId: 'n4', commandId: 'n4-offer', actor: { role: 'seller', id: 'seller-1' }, proposalId: 'n4-p2', amount: { amount: 1_000, currency: 'USD' }, returnRequired: false });
    const all = expectRight(await h.events.readAll());
    const opened = all.find((r) => r.type === 'DisputeOpened')!.globalPosition;
    let down = true;
    const events = Object.assign(Object.create(h.events) as typeof h.events, {
      readStream: (...args: Parameters<typeof h.events.readStream>) =>
        down ? Promise.resolve(E.left({ _tag: 'StoreUnavailable' as const, message: 'down' })) : h.events.readStream(...args),
    });
    const sink = createMemoryNotificationSink();
    const checkpoint = createMemoryNotificationCheckpoint(opened); // a restart after the opening was notified
    const reactor = createNotificationReactor({ events, sink, checkpoint });
    expect(await reactor.tick()).toEqual(E.left({ _tag: 'StoreUnavailable', message: 'down' }));
    expect(await checkpoint.read()).toBe(opened);
    down = false;
    expect(expectRight(await reactor.tick()).delivered).toBe(2); // proposal_made to the buyer, and the buyer's action
    expect(sink.delivered().map((n) => [n.kind, n.recipient])).toEqual([
      ['proposal_made', { role: 'buyer', id: 'buyer-1' }],
      ['action_required', { role: 'buyer', id: 'buyer-1' }],
    ]);
  });

  it('reminds the owner a set time before a running deadline, once, and not for a deadline that was met', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('n2'); // SELLER_RESPONSE due in 5 days
    await h.open('n3');
    h.hours(1);
    await h.resolveForBuyer('n3'); // n3's seller answered: its SELLER_RESPONSE deadline is met
    await h.catchUp();
    const sink = createMemoryNotificationSink();
    const reactor = createNotificationReactor({ events: h.events, sink, checkpoint: createMemoryNotificationCheckpoint(), clock: h.clock, reminders: { before: DAY, deadlines: h.readModels.deadlineQueue } });
    const reminders = () => sink.delivered().filter((n) => n.kind === 'reminder');
    expect(expectRight(await reactor.tick()).reminders).toBe(0);
    h.advanceTo(new Date(Date.parse(h.dueAt(openedAt, 5)) - DAY + 1).toISOString()); // within a day of the deadline
    expect(expectRight(await reactor.tick()).reminders).toBe(1);
    expect(expectRight(await reactor.tick()).reminders).toBe(0); // once
    expect(reminders().map((n) => [n.disputeId, n.recipient, n.action])).toEqual([
      ['n2', { role: 'seller', id: 'seller-1' }, { deadline: 'SELLER_RESPONSE', dueAt: h.dueAt(openedAt, 5) }],
    ]);
    expect(() => createNotificationReactor({ events: h.events, sink, checkpoint: createMemoryNotificationCheckpoint(), reminders: { before: 0, deadlines: h.readModels.deadlineQueue } })).toThrow(RangeError);
  });

  it('keeps its state in the read-side store it is given, answers a failure of that store as its Left, and wants one place for its state', async () => {
    const h = reactorHarness();
    await h.open('n5');
    const readSide = createMemoryReadSideStore();
    const sink = createMemoryNotificationSink();
    const reactor = createNotificationReactor({ events: h.events, sink, readSide, name: 'mail' });
    expect(expectRight(await reactor.tick()).delivered).toBe(3);
    const last = expectRight(await h.events.readAll()).at(-1)!.globalPosition;
    expect(expectRight(await readSide.readNotificationCheckpoint('mail'))).toBe(last);
    expect(expectRight(await readSide.readNotificationCheckpoint('notifications'))).toBeUndefined();
    await readSide.close();
    expect(await reactor.tick()).toEqual(E.left({ _tag: 'ReadModelClosed', message: 'The read-model store has been closed.' }));
    expect(() => createNotificationReactor({ events: h.events, sink })).toThrow(/give readSide .* or checkpoint/);
    expect(() => createNotificationReactor({ events: h.events, sink, readSide, checkpoint: createMemoryNotificationCheckpoint() })).toThrow(/not both/);
  });

  it('keeps a reminder the sink gave up on in its dead-letter list', async () => {
    const h = reactorHarness();
    const openedAt = h.at();
    await h.open('n6');
    await h.catchUp();
    const refusesReminders: NotificationSink = {
      deliver: async (n): Promise<DeliveryOutcome> => (n.kind === 'reminder' ? { status: 'dead-lettered', attempts: 2, lastError: 'HTTP 410' } : { status: 'delivered', attempts: 1 }),
    };
    const readSide = createMemoryReadSideStore();
    const reactor = createNotificationReactor({ events: h.events, sink: refusesReminders, readSide, clock: h.clock, reminders: { before: DAY, deadlines: h.readModels.deadlineQueue } });
    expectRight(await reactor.tick());
    h.advanceTo(new Date(Date.parse(h.dueAt(openedAt, 5)) - DAY + 1).toISOString());
    expect(expectRight(await reactor.tick()).reminders).toBe(1);
    expect((await reactor.ledger.deadLetters()).map((l) => [l.notification.kind, l.notification.disputeId, l.attempts, l.lastError, l.status])).toEqual([
      ['reminder', 'n6', 2, 'HTTP 410', 'dead'],
    ]);
  });
});
