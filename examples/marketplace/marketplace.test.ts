import { join } from 'node:path';
import { testTempFolder } from '@disputekit/adapters/testRun';
import { createInMemoryPaymentGateway, createInMemoryPayoutPort } from '@disputekit/projections';
import { createSimulatedClock } from '@disputekit/core';
import { createTokenAuthenticator, type TokenOptions } from './authenticate';
import { advanceDays, eventually, injectClient, openingBody, type Client } from './disputeOverHttp';
import { createMarketplace, type Marketplace } from './marketplace';

/** The example marketplace, served in-process with Fastify's `inject`, with SQLite: a whole dispute from opening to refund. */
describe('example marketplace (Fastify inject, SQLite)', () => {
  const temp = testTempFolder('marketplace');
  const folder = temp.path;
  const clock = createSimulatedClock('2026-04-01T09:00:00.000Z');
  const gateway = createInMemoryPaymentGateway();
  const payouts = createInMemoryPayoutPort();
  const tokens: TokenOptions = { secret: new TextEncoder().encode('a test secret of at least 32 bytes, not for production') };
  let marketplace: Marketplace | undefined;
  let http: Client;
  const buyer = 'buyer/buyer-dev';
  const seller = 'seller/seller-homewares';
  const mediator = 'mediator/mediator-kim';
  const now = () => new Date(clock.now()).toISOString();

  beforeAll(async () => {
    marketplace = await createMarketplace({ storage: { sqlite: join(folder, 'marketplace.db') }, authenticate: createTokenAuthenticator(tokens), clock, gateway, payouts, pollIntervalMs: 20 });
    await marketplace.app.ready();
    http = injectClient(marketplace.app, tokens);
  });
  afterAll(async () => {
    try {
      await marketplace?.close();
    } finally {
      temp.remove();
    }
  });

  it('runs a dispute end to end: open, offer, escalation, evidence deadline, ruling, refund', async () => {
    // The buyer opens; the same request sent twice is applied once.
    const opened = await http.post('/disputes', buyer, 'open-1', openingBody('kettle-1', 'order-77', now()));
    expect(opened).toMatchObject({ status: 200, body: { disputeId: 'kettle-1', status: 'AWAITING_SELLER', version: 2, alreadyApplied: false } });
    expect((opened.body['events'] as Array<{ type: string }>).map((e) => e.type)).toEqual(['DisputeOpened', 'PayoutHoldPlaced']);
    expect(await http.post('/disputes', buyer, 'open-1', openingBody('kettle-1', 'order-77', now()))).toMatchObject({ status: 200, body: { alreadyApplied: true, version: 2 } });

    // The seller offers 20.00; the buyer escalates three days later.
    clock.advance(3_600_000);
    expect(await http.post('/disputes/kettle-1/proposals', seller, 'offer-1', { proposalId: 'p-seller-1', amount: { amount: 2_000, currency: 'USD' }, returnRequired: false })).toMatchObject({
      status: 200,
      body: { status: 'AWAITING_BUYER' },
    });
    advanceDays(clock, 3);
    expect(await http.post('/disputes/kettle-1/escalate', buyer, 'escalate-1', { note: 'The offer does not cover the lid.' })).toMatchObject({ status: 200, body: { status: 'UNDER_MEDIATION' } });
    const queue = await eventually(() => http.get('/mediation/queue', mediator), (r) => (r.body['items'] as unknown[] | undefined)?.length === 1, 'the mediator queue');
    expect((queue.body['items'] as Array<Record<string, unknown>>)[0]).toMatchObject({ disputeId: 'kettle-1', escalationReason: 'BUYER_REQUEST', amountAsked: 4_000 });

    // The mediator asks the seller for evidence; the seller stays silent and the deadline fires.
    expect(await http.post('/disputes/kettle-1/evidence-requests', mediator, 'req-1', { requestId: 'req-1', from: 'seller', description: 'Packing photos, please.' })).toMatchObject({
      status: 200,
    });
    await eventually(() => http.get('/deadlines', mediator), (r) => (r.body['items'] as unknown[] | undefined)?.length === 1, 'the evidence deadline in the queue');
    advanceDays(clock, 3);
    clock.advance(60_000);
    const fired = await eventually(
      () => http.get('/disputes/kettle-1/history', buyer),
      (r) => (r.body['timeline'] as Array<{ type: string }> | undefined)?.some((e) => e.type === 'DeadlineExpired') === true,
      'the scheduler to fire the evidence deadline',
    );
    expect((fired.body['timeline'] as Array<{ who: { id: string } }>).at(-1)?.who.id).toBe('deadline-scheduler');

    // The mediator rules 30.00 for the buyer; the refund processor pays, once.
    const ruled = await http.post('/disputes/kettle-1/ruling', mediator, 'ruling-1', {
      rulingId: 'ruling-1',
      outcome: 'BUYER_FAVOUR',
      refund: { amount: 3_000, currency: 'USD' },
      returnRequired: false,
      rationale: 'The seller sent no packing evidence.',
    });
    expect(ruled).toMatchObject({ status: 200, body: { status: 'AWAITING_REFUND' } });
    const closed = await eventually(() => http.get('/disputes/kettle-1', seller), (r) => r.body['status'] === 'CLOSED', 'the refund and the close');
    expect(closed.body).toMatchObject({ outcome: 'REFUNDED_PARTIAL', amountRefunded: 3_000, resolutionBasis: 'RULING', escalated: true });
    expect(gateway.payoutsFor('kettle-1')).toEqual([expect.objectContaining({ amount: { amount: 3_000, currency: 'USD' }, idempotencyKey: 'dispute:kettle-1:refund' })]);
    // The marketplace held the disputed amount of the seller's payout from the opening; the close gave back what the refund did not take.
    await eventually(async () => payouts.movements(), (m) => m.length === 2, 'the payout reactor to release the hold');
    expect(payouts.movements().map((m) => [m.kind, m.idempotencyKey, m.amount.amount])).toEqual([
      ['hold', 'dispute:kettle-1:hold', 4_000],
      ['release', 'dispute:kettle-1:release', 1_000],
    ]);

    // The history is complete, rule-abiding and hash-chained; the reads agree.
    const history = await http.get('/disputes/kettle-1/history', buyer);
    expect(history.body).toMatchObject({ clean: true, violations: [], chain: { ok: true }, subject: { policy: 'acme-marketplace' } });
    // The marketplace's policy: the seller had 3 business days from Wednesday 1 April, with Friday 3 and Monday 6 April off.
    expect((history.body['deadlines'] as Array<Record<string, unknown>>)[0]).toMatchObject({ kind: 'SELLER_RESPONSE', dueAt: '2026-04-08T09:00:00.000Z' });
    expect((history.body['timeline'] as Array<{ type: string }>).map((e) => e.type)).toEqual([
      'DisputeOpened',
      'PayoutHoldPlaced',
      'ProposalMade',
      'Escalated',
      'EvidenceRequested',
      'DeadlineExpired',
      'RulingIssued',
      'Resolved',
      'RefundIssued',
      'PayoutHoldReleased',
      'DisputeClosed',
    ]);
    const byBuyer = await http.get('/buyers/buyer-dev/disputes', buyer);
    expect(byBuyer.body).toMatchObject({ total: 1, items: [{ disputeId: 'kettle-1', status: 'CLOSED' }] });
    const scorecard = await eventually(() => http.get('/sellers/seller-homewares/scorecard', seller), (r) => Array.isArray(r.body) && (r.body as unknown[]).length === 1, 'the scorecard');
    expect((scorecard.body as unknown as Array<Record<string, unknown>>)[0]).toMatchObject({ disputesOpened: 1, openNow: 0, refundedTotal: 3_000 });
  }, 30_000);

  it('answers 400 with every issue for bad input, 409 for a conflict, 422 for a broken rule', async () => {
    const bad = await http.post('/disputes', buyer, 'open-bad', { ...openingBody('kettle-2', 'order-78', now()), requested: { amount: 12.5, currency: 'USD' } });
    expect(bad.status).toBe(400);
    // Refused by the body's JSON Schema (generated from the codec) before the service: Ajv's words, the field's path.
    expect(bad.body).toMatchObject({ error: 'ValidationError', issues: [{ path: 'requested.amount', message: 'must be integer' }] });
    expect(bad.body['message']).toContain('requested.amount must be integer');
    const misspelled = await http.post('/disputes', buyer, 'open-misspelled', { ...openingBody('kettle-2', 'order-78', now()), proposalID: 'p-1' });
    expect(misspelled).toMatchObject({ status: 400, body: { error: 'ValidationError', issues: [{ path: 'proposalID', message: 'proposalID is not a field here' }] } });
    // A string is not coerced into an amount, and nothing was stored for any of these.
    const text = await http.post('/disputes', buyer, 'open-text', { ...openingBody('kettle-2', 'order-78', now()), requested: { amount: '4000', currency: 'USD' } });
    expect(text).toMatchObject({ status: 400, body: { issues: [{ path: 'requested.amount', message: 'must be integer' }] } });
    expect(await marketplace!.service.load('kettle-2')).toMatchObject({ _tag: 'Right', right: { version: 0 } });

    expect((await http.post('/disputes', buyer, 'open-2', openingBody('kettle-2', 'order-78', now()))).status).toBe(200);
    const again = await http.post('/disputes', buyer, 'open-3', openingBody('kettle-3', 'order-78', now()));
    expect(again).toMatchObject({ status: 409, body: { error: 'OrderHasOpenDispute' } });

    expect((await http.post('/disputes/kettle-2/proposals', seller, 'offer-2', { proposalId: 'p-s2', amount: { amount: 1_000, currency: 'USD' }, returnRequired: false })).status).toBe(200);
    const own = await http.post('/disputes/kettle-2/proposals/p-s2/accept', seller, 'accept-own');
    expect(own.status).toBe(422);
    expect(own.body['error']).toBe('CannotAcceptOwnProposal');
  });

  it('says who must be named, what is missing, and what does not exist', async () => {
    expect(await http.raw('POST', '/disputes/kettle-2/messages', { key: 'k', body: {} })).toMatchObject({ status: 401, body: { error: 'Unauthenticated' } });
    expect(await http.raw('POST', '/disputes/kettle-2/messages', { actor: buyer, body: { messageId: 'm-1', text: 'Hello?' } })).toMatchObject({ status: 400, body: { error: 'MissingIdempotencyKey' } });
    expect(await http.get('/nowhere', buyer)).toMatchObject({ status: 404 });
    expect(await http.get('/disputes/none-such', mediator)).toMatchObject({ status: 404 });
  });
});
