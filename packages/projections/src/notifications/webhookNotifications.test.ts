import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as E from 'fp-ts/lib/Either.js';
import { reactorHarness } from '../testing/reactorHarness';
import type { Notification } from './notification';
import { createMemoryNotificationCheckpoint } from './notificationCheckpoint';
import { createNotificationReactor } from './notificationReactor';
import { WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, verifyWebhookSignature } from './webhook/webhookSignature';
import { createWebhookSink } from './webhook/webhookSink';

const SECRET = 'whsec-test';

/** A receiver as a marketplace writes one: verify, then deduplicate on the notification id. */
const startReceiver = async (failFirst: (id: string) => number) => {
  const attempts = new Map<string, number>();
  const accepted = new Map<string, Notification>();
  let duplicates = 0;
  let unverified = 0;
  let errors = 0;
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    const verified = verifyWebhookSignature({ body, header: req.headers[WEBHOOK_SIGNATURE_HEADER], secret: SECRET });
    if (E.isLeft(verified)) {
      unverified += 1;
      res.writeHead(401).end();
      return;
    }
    const note = JSON.parse(body) as Notification;
    const id = String(req.headers[WEBHOOK_ID_HEADER]);
    if (id !== note.notificationId) {
      unverified += 1; // the dedup header must name the notification in the body
      res.writeHead(400).end();
      return;
    }
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    if (n <= failFirst(id)) {
      errors += 1;
      res.writeHead(500).end();
      return;
    }
    if (accepted.has(id)) duplicates += 1;
    else accepted.set(id, note);
    res.writeHead(200).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/disputes`;
  return {
    url,
    accepted,
    stats: () => ({ duplicates, unverified, errors }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Open → seller offers → buyer escalates → mediator rules for the buyer → refund → closed. */
const driveToRefund = async (h: ReturnType<typeof reactorHarness>, id: string) => {
  await h.open(id);
  h.hours(2);
  await h.must({ type: 'MakeProposal', disputeId: id, commandId: `${id}-offer`, actor: { role: 'seller', id: 'seller-1' }, proposalId: `${id}-p2`, amount: { amount: 2_000, currency: 'USD' }, returnRequired: false });
  h.hours(24 * 3);
  await h.must({ type: 'Escalate', disputeId: id, commandId: `${id}-esc`, actor: { role: 'buyer', id: 'buyer-1' } });
  h.hours(1);
  await h.must({ type: 'IssueRuling', disputeId: id, commandId: `${id}-rule`, actor: { role: 'mediator', id: 'mediator-1' }, rulingId: `${id}-r`, outcome: 'BUYER_FAVOUR', refund: { amount: 5_000, currency: 'USD' }, returnRequired: false, rationale: 'Never delivered.' });
  h.hours(1);
  await h.must({ type: 'IssueRefund', disputeId: id, commandId: `${id}-refund`, actor: { role: 'system', id: 'payments' }, refundId: `${id}-rf`, amount: { amount: 5_000, currency: 'USD' }, gatewayReference: 'gw-1' });
};

const EXPECTED = [
  'opened:buyer',
  'opened:seller',
  'action_required:seller:SELLER_RESPONSE',
  'proposal_made:buyer',
  'action_required:buyer:BUYER_RESPONSE',
  'escalated:buyer',
  'escalated:seller',
  'escalated:mediator',
  'action_required:mediator',
  'ruled:buyer',
  'ruled:seller',
  'resolved:buyer',
  'resolved:seller',
  'refunded:buyer',
  'refunded:seller',
  'closed:buyer',
  'closed:seller',
];
const label = (n: Notification) => [n.kind, n.recipient.role, ...(n.action?.deadline === undefined ? [] : [n.action.deadline])].join(':');

describe('webhook notifications', () => {
  it('a receiver on 127.0.0.1 gets every notification signed, through 500s and a restart, each once after dedup', async () => {
    const receiver = await startReceiver(() => 1); // every notification's first attempt gets a 500
    try {
      const h = reactorHarness();
      await driveToRefund(h, 'w1');
      const sink = createWebhookSink({ url: receiver.url, secret: SECRET, maxAttempts: 3, backoff: () => 1 });
      const checkpoint = createMemoryNotificationCheckpoint();
      const reactor = createNotificationReactor({ events: h.events, sink, checkpoint, batchSize: 4 });
      let ticks = 0;
      for (;;) {
        const tick = await reactor.tick();
        if (E.isLeft(tick)) throw new Error(tick.left.message);
        ticks += 1;
        if (tick.right.events === 0) break;
      }
      expect(ticks).toBeGreaterThan(2); // several pages, the checkpoint moving between them
      expect(receiver.stats()).toEqual({ duplicates: 0, unverified: 0, errors: EXPECTED.length });
      const last = await h.events.readAll();
      expect(await checkpoint.read()).toBe(E.isRight(last) ? last.right.at(-1)!.globalPosition : -1);

      // A crash before the checkpoint was saved: a new reactor starts from the beginning and sends it all again.
      const again = createNotificationReactor({ events: h.events, sink, checkpoint: createMemoryNotificationCheckpoint() });
      expect(E.isRight(await again.tick())).toBe(true);
      expect(receiver.stats()).toEqual({ duplicates: EXPECTED.length, unverified: 0, errors: EXPECTED.length });

      const received = [...receiver.accepted.values()];
      expect(received.map(label).sort()).toEqual([...EXPECTED].sort());
      expect(new Set(received.map((n) => n.notificationId)).size).toBe(EXPECTED.length);
      expect(received.every((n) => n.disputeId === 'w1' && n.source !== undefined)).toBe(true);
      const buyerAction = received.find((n) => label(n) === 'action_required:buyer:BUYER_RESPONSE')!;
      expect(buyerAction.recipient).toEqual({ role: 'buyer', id: 'buyer-1' });
      expect(buyerAction.action?.dueAt).toBe(h.dueAt(buyerAction.at, 5));
      expect(sink.deadLetters()).toEqual([]);
    } finally {
      await receiver.close();
    }
  }, 30_000);

  it('after N failed attempts a notification goes to the dead-letter list and the checkpoint moves on', async () => {
    const receiver = await startReceiver((id) => (id.includes(':opened:') ? Number.POSITIVE_INFINITY : 0));
    try {
      const h = reactorHarness();
      await h.open('w2');
      const sink = createWebhookSink({ url: receiver.url, secret: SECRET, maxAttempts: 2, backoff: () => 1 });
      const checkpoint = createMemoryNotificationCheckpoint();
      const reactor = createNotificationReactor({ events: h.events, sink, checkpoint });
      const tick = await reactor.tick();
      expect(tick).toEqual(E.right({ events: 2, delivered: 1, deadLettered: 2, reminders: 0, failed: 0, redelivered: 0 }));
      expect(sink.deadLetters().map((l) => [l.notification.kind, l.notification.recipient.role, l.attempts, l.lastError])).toEqual([
        ['opened', 'buyer', 2, 'HTTP 500'],
        ['opened', 'seller', 2, 'HTTP 500'],
      ]);
      expect(receiver.stats().errors).toBe(4);
      expect((await reactor.ledger.deadLetters()).map((l) => [l.notification, l.attempts, l.lastError, l.status])).toEqual(
        sink.deadLetters().map((l) => [l.notification, l.attempts, l.lastError, 'dead']),
      );
      expect(await checkpoint.read()).toBeDefined();
    } finally {
      await receiver.close();
    }
  }, 30_000);
});
