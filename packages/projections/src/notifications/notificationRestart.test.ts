import { describeWithPostgres, dropTestSchemas, testSchemaName, testTempFolder } from '@disputekit/adapters/testRun';
import { createPostgresReadSideStore } from '../stores/postgresReadSideStore';
import { createSqliteReadSideStore } from '../stores/sqliteReadSideStore';
import { reactorHarness } from '../testing/reactorHarness';
import type { Notification } from './notification';
import { createNotificationLedger } from './notificationLedger';
import { createNotificationReactor, type NotificationTick } from './notificationReactor';
import type { DeliveryOutcome, NotificationSink } from './notificationSink';
import type { ReadSideStoreWithNotifications } from './notificationStore';
import { expectRight } from '@disputekit/core/testing';

/** A receiver that gives up on the sellers' notifications while `sellersDown`, and can drop one connection. */
const scriptedSink = () => {
  const received: Notification[] = [];
  const state = { sellersDown: true, dropNext: undefined as ((n: Notification) => boolean) | undefined };
  const sink: NotificationSink = {
    deliver: async (n): Promise<DeliveryOutcome> => {
      if (state.dropNext?.(n) === true) {
        state.dropNext = undefined;
        return { status: 'failed', error: 'connection reset' };
      }
      if (state.sellersDown && n.recipient.role === 'seller') return { status: 'dead-lettered', attempts: 3, lastError: 'HTTP 500' };
      received.push(n);
      return { status: 'delivered', attempts: 1 };
    },
  };
  return { sink, received, state };
};

const label = (n: Notification) => `${n.disputeId}:${n.kind}:${n.recipient.role}`;

/**
 * Two reactors one after the other over the same durable read-side store (a restart): the second
 * resumes after the first's checkpoint, sends nothing the first had acknowledged, finds the dead
 * letters, and re-drives them once they are requeued.
 */
const restartScenario = async (openStore: () => ReadSideStoreWithNotifications) => {
  const opened: ReadSideStoreWithNotifications[] = [];
  const open = () => {
    const store = openStore();
    opened.push(store);
    return store;
  };
  try {
    await restartSteps(open);
  } finally {
    for (const store of opened) await store.close(); // closing twice is harmless
  }
};

const restartSteps = async (open: () => ReadSideStoreWithNotifications) => {
  const h = reactorHarness();
  await h.open('r1');
  await h.open('r2');
  const { sink, received, state } = scriptedSink();

  const first = open();
  const before = createNotificationReactor({ events: h.events, sink, readSide: first, clock: h.clock });
  const stored = expectRight(await h.events.readAll()).length; // every stored event, with notifications or not
  expect(expectRight(await before.tick())).toEqual<NotificationTick>({ events: stored, delivered: 2, deadLettered: 4, reminders: 0, failed: 0, redelivered: 0 });
  const checkpoint = await before.ledger.read();
  expect(checkpoint).toBeDefined();
  h.hours(1);
  await h.must({ type: 'MakeProposal', disputeId: 'r1', commandId: 'r1-offer', actor: { role: 'seller', id: 'seller-1' }, proposalId: 'r1-p2', amount: { amount: 1_000, currency: 'USD' }, returnRequired: false });
  state.dropNext = (n) => n.kind === 'action_required'; // the proposal's second notification fails: its event stays unfinished
  expect(expectRight(await before.tick())).toMatchObject({ events: 0, delivered: 1, failed: 1 });
  const acknowledged = received.length;
  await first.close(); // the process stops

  const second = open();
  try {
    const after = createNotificationReactor({ events: h.events, sink, readSide: second, clock: h.clock });
    expect(await after.ledger.read()).toBe(checkpoint);
    const dead = await after.ledger.deadLetters();
    expect(dead.map((l) => [label(l.notification), l.attempts, l.lastError, l.status]).sort()).toEqual([
      ['r1:action_required:seller', 3, 'HTTP 500', 'dead'],
      ['r1:opened:seller', 3, 'HTTP 500', 'dead'],
      ['r2:action_required:seller', 3, 'HTTP 500', 'dead'],
      ['r2:opened:seller', 3, 'HTTP 500', 'dead'],
    ]);
    expect(dead.every((l) => l.deadLetteredAt === '2026-03-10T09:00:00.000Z')).toBe(true);
    expect(expectRight(await after.tick())).toMatchObject({ events: 1, delivered: 2, deadLettered: 0, redelivered: 0 });
    const resent = received.slice(acknowledged);
    expect(resent.map(label)).toEqual(['r1:proposal_made:buyer', 'r1:action_required:buyer']);
    expect(resent.every((n) => n.source!.globalPosition > checkpoint!)).toBe(true); // nothing before the checkpoint again

    // Requeued while the receiver is still down: given up on again, attempts added up.
    const adminStore = open(); // another process, on the same database
    const admin = createNotificationLedger(adminStore);
    try {
      expect(await admin.requeue([dead[0]!.notification.notificationId, 'no-such-id'])).toBe(1);
      expect(expectRight(await after.tick())).toMatchObject({ events: 0, delivered: 0, deadLettered: 1, redelivered: 0 });
      const redead = (await admin.deadLetters()).at(-1)!; // given up on an hour later: now the newest
      expect([redead.notification.notificationId, redead.attempts, redead.status, redead.deadLetteredAt]).toEqual([dead[0]!.notification.notificationId, 6, 'dead', '2026-03-10T10:00:00.000Z']);

      // The receiver is fixed: requeue them all; the next tick delivers each once and empties the list.
      state.sellersDown = false;
      expect(await admin.requeue()).toBe(4);
      expect((await admin.deadLetters({ status: 'requeued' })).length).toBe(4);
      expect(expectRight(await after.tick())).toMatchObject({ events: 0, delivered: 0, redelivered: 4, deadLettered: 0 });
      expect(await admin.deadLetters()).toEqual([]);
    } finally {
      await adminStore.close();
    }
  } finally {
    await second.close();
  }

  const third = open();
  try {
    const again = createNotificationReactor({ events: h.events, sink, readSide: third, clock: h.clock });
    expect(expectRight(await again.tick())).toEqual({ events: 0, delivered: 0, deadLettered: 0, reminders: 0, failed: 0, redelivered: 0 });
    expect(await again.ledger.read()).toBe((expectRight(await h.events.readAll())).at(-1)!.globalPosition);
  } finally {
    await third.close();
  }
  const counts = new Map<string, number>();
  for (const n of received) counts.set(n.notificationId, (counts.get(n.notificationId) ?? 0) + 1);
  const twice = [...counts].filter(([, c]) => c > 1).map(([id]) => label(received.find((n) => n.notificationId === id)!));
  expect(twice).toEqual(['r1:proposal_made:buyer']); // only the notification of the event under way at the stop
  expect(received.filter((n) => n.recipient.role === 'seller').map(label).sort()).toEqual(
    ['r1:action_required:seller', 'r1:opened:seller', 'r2:action_required:seller', 'r2:opened:seller'],
  );
};

describe('notification reactor restarted over a SQLite file', () => {
  const dir = testTempFolder('notify');
  afterAll(() => dir.remove());

  it('resumes after its checkpoint, re-sends nothing acknowledged, keeps and re-drives its dead letters', async () => {
    const filename = dir.file('read.db');
    await restartScenario(() => createSqliteReadSideStore({ filename }));
  }, 60_000);
});

describeWithPostgres('notification reactor restarted over a PostgreSQL schema', (url) => {
  const schema = testSchemaName('notify_restart');
  afterAll(() => dropTestSchemas([schema], url));

  it('resumes after its checkpoint, re-sends nothing acknowledged, keeps and re-drives its dead letters', async () => {
    await restartScenario(() => createPostgresReadSideStore({ connectionString: url, schema }));
  }, 60_000);
});
