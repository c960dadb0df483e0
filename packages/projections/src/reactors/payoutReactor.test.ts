import * as E from 'fp-ts/lib/Either.js';
import { expectRight } from '@disputekit/core/testing';
import { checkPayoutPortContract } from '../testing/payoutPortContract';
import { notReceivedOpening } from '../testing/notReceivedOpening';
import { reactorHarness } from '../testing/reactorHarness';
import { createInMemoryPayoutPort } from './inMemoryPayoutPort';
import type { PayoutPort } from './payoutPort';
import { createInMemoryPayoutCursor, createPayoutReactor, type PayoutCursor } from './payoutReactor';
import { createReadSidePayoutCursor } from './readSidePayoutCursor';
import { createMemoryReadSideStore } from '../stores/memoryReadSideStore';

/** A dispute opened under `paypal` (it holds the disputed 50.00 USD), then refunded in full: a hold, then a release of nothing. */
const heldAndRefunded = async (id: string) => {
  const h = reactorHarness();
  await h.must({ ...notReceivedOpening(id, h.clock.now()), policy: 'paypal' });
  h.hours(2);
  await h.resolveForBuyer(id);
  await h.must({ type: 'IssueRefund', disputeId: id, commandId: `${id}-refund`, actor: { role: 'system', id: 'refunds' }, refundId: `${id}-r`, amount: { amount: 5_000, currency: 'USD' }, gatewayReference: 'gw-1' });
  return h;
};

/** A dispute opened under `paypal` and withdrawn by the buyer: the whole hold goes back. */
const heldAndCancelled = async (id: string) => {
  const h = reactorHarness();
  await h.must({ ...notReceivedOpening(id, h.clock.now()), policy: 'paypal' });
  await h.must({ type: 'CancelDispute', disputeId: id, commandId: `${id}-cancel`, actor: { role: 'buyer', id: 'buyer-1' } });
  return h;
};

describe('payout reactor', () => {
  it('holds on PayoutHoldPlaced and releases on PayoutHoldReleased, with the dispute keys', async () => {
    const h = await heldAndCancelled('p1');
    expect(await h.types('p1')).toEqual(['DisputeOpened', 'PayoutHoldPlaced', 'DisputeCancelled', 'PayoutHoldReleased', 'DisputeClosed']);
    const port = createInMemoryPayoutPort();
    const reactor = createPayoutReactor({ events: h.events, port, cursor: createInMemoryPayoutCursor() });
    expect(expectRight(await reactor.tick())).toEqual({ held: 1, released: 1, failed: 0 });
    expect(port.movements().map((m) => [m.kind, m.idempotencyKey, m.amount.amount])).toEqual([
      ['hold', 'dispute:p1:hold', 5_000],
      ['release', 'dispute:p1:release', 5_000],
    ]);
    expect(port.heldFor('p1')).toBe(0);
    expect(expectRight(await reactor.tick())).toEqual({ held: 0, released: 0, failed: 0 });
  });

  it('a full refund consumes the hold: the release gives back nothing and the refund took it all', async () => {
    const h = await heldAndRefunded('p2');
    const port = createInMemoryPayoutPort();
    expectRight(await createPayoutReactor({ events: h.events, port, cursor: createInMemoryPayoutCursor() }).tick());
    expect(port.movements().map((m) => [m.kind, m.amount.amount])).toEqual([
      ['hold', 5_000],
      ['release', 0],
    ]);
    expect(port.heldFor('p2')).toBe(0);
  });

  it('a failed call stops the tick at that event; the next tick retries it with the same key', async () => {
    const h = await heldAndCancelled('p3');
    const port = createInMemoryPayoutPort({ behaviour: (n) => (n === 2 ? { kind: 'fail', code: 'PAYOUTS_DOWN', retryable: true } : { kind: 'succeed' }) });
    const reactor = createPayoutReactor({ events: h.events, port, cursor: createInMemoryPayoutCursor() });
    expect(expectRight(await reactor.tick())).toEqual({ held: 1, released: 0, failed: 1 });
    expect(expectRight(await reactor.tick())).toEqual({ held: 0, released: 1, failed: 0 });
    expect(port.movements().map((m) => m.idempotencyKey)).toEqual(['dispute:p3:hold', 'dispute:p3:release']);
  });

  it('through restarts — a new reactor over the same cursor, and one that crashed before writing its cursor — each movement happens once', async () => {
    const h = await heldAndCancelled('p4');
    const port = createInMemoryPayoutPort();
    const durable = createInMemoryPayoutCursor();
    // A crash after the port held and before the cursor moved past the hold: the first cursor write
    // after the port's first call throws, once.
    let crashed = false;
    const crashing: PayoutCursor = {
      read: () => durable.read(),
      write: async (position) => {
        if (!crashed && port.callCount() === 1) {
          crashed = true;
          throw new Error('process killed');
        }
        await durable.write(position);
      },
    };
    expect(await createPayoutReactor({ events: h.events, port, cursor: crashing }).tick()).toEqual(E.left('process killed'));
    expect(port.movements().map((m) => m.kind)).toEqual(['hold']);
    expectRight(await createPayoutReactor({ events: h.events, port, cursor: crashing }).tick());
    expectRight(await createPayoutReactor({ events: h.events, port, cursor: durable }).tick());
    expect(port.callCount()).toBe(3); // the hold was asked twice (before and after the crash), the release once
    expect(port.movements().map((m) => m.idempotencyKey)).toEqual(['dispute:p4:hold', 'dispute:p4:release']);
    expect(port.heldFor('p4')).toBe(0);
  });
});

describe('the payout cursor in a read-side store', () => {
  it('keeps the position under its name: a new reactor over the same store calls the port for nothing it passed', async () => {
    const h = await heldAndCancelled('p5');
    const port = createInMemoryPayoutPort();
    const readSide = createMemoryReadSideStore();
    expectRight(await createPayoutReactor({ events: h.events, port, cursor: createReadSidePayoutCursor(readSide) }).tick());
    const last = expectRight(await h.events.readAll()).at(-1)!.globalPosition;
    expect(expectRight(await readSide.readReactorCursor('payouts'))).toBe(last);
    expect(expectRight(await createPayoutReactor({ events: h.events, port, cursor: createReadSidePayoutCursor(readSide) }).tick())).toEqual({ held: 0, released: 0, failed: 0 });
    // Another name is another cursor: it starts from the beginning.
    expect(expectRight(await createPayoutReactor({ events: h.events, port, cursor: createReadSidePayoutCursor(readSide, { name: 'payouts-eu' }) }).tick())).toEqual({ held: 1, released: 1, failed: 0 });
    expect(port.callCount()).toBe(4);
    expect(port.movements()).toHaveLength(2);
  });

  it('a store that fails makes the tick a Left naming the cursor, and the port is not called', async () => {
    const h = await heldAndCancelled('p6');
    const port = createInMemoryPayoutPort();
    const readSide = createMemoryReadSideStore();
    await readSide.close();
    const tick = await createPayoutReactor({ events: h.events, port, cursor: createReadSidePayoutCursor(readSide) }).tick();
    expect(E.isLeft(tick) && tick.left).toMatch(/^Payout cursor payouts: The read-model store has been closed\./);
    expect(port.callCount()).toBe(0);
  });
});

describe('the payout-port contract kit', () => {
  it('passes on the in-memory payout port', async () => {
    const service = createInMemoryPayoutPort();
    const result = await checkPayoutPortContract({
      connect: () => ({ hold: (r) => service.hold(r), release: (r) => service.release(r) }),
      movementsFor: (key) => service.movements().filter((m) => m.idempotencyKey === key).length,
    });
    expect(result.checks.filter((c) => c.outcome !== 'passed')).toEqual([]);
    expect(result.checks).toHaveLength(3);
  });

  it('fails an adapter that does every call, naming the checks it breaks', async () => {
    const ledger: string[] = [];
    const careless: PayoutPort = {
      hold: async (r) => (ledger.push(r.idempotencyKey), E.right({ _tag: 'PayoutDone', reference: `ref-${ledger.length}` })),
      release: async (r) => (ledger.push(r.idempotencyKey), E.right({ _tag: 'PayoutDone', reference: `ref-${ledger.length}` })),
    };
    const result = await checkPayoutPortContract({ connect: () => careless, movementsFor: (key) => ledger.filter((k) => k === key).length });
    expect(result.passed).toBe(false);
    expect(result.checks.filter((c) => c.outcome === 'failed')).toHaveLength(3);
  });
});
