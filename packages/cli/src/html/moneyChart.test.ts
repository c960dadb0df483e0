import * as E from 'fp-ts/lib/Either.js';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { auditDispute, createDisputeService, fixedClock, type DisputeAudit } from '@disputekit/core';
import * as f from '@disputekit/core/testing';
import { chartDataOf } from './moneyChart';
import { changedFields, stateRows } from './stateRows';

const seconds = (instant: string) => Date.parse(instant) / 1000;

/** Audits the commands, handled by the real service on a memory store. */
const auditOf = async (disputeId: string, commands: ReadonlyArray<unknown>): Promise<DisputeAudit> => {
  const events = createInMemoryEventStore();
  const service = createDisputeService({ store: events, clock: fixedClock(f.day(40)), backoff: () => 0 });
  for (const command of commands) {
    const handled = await service.handle(command);
    if (E.isLeft(handled)) throw new Error(JSON.stringify(handled.left));
  }
  const read = await events.readStream(`dispute-${disputeId}`);
  if (E.isLeft(read)) throw new Error('read');
  return auditDispute(`dispute-${disputeId}`, read.right);
};

describe('chartDataOf', () => {
  it('draws asked, offered, resolved, refunded and held as steps at each event, and each deadline from start to end', async () => {
    const audit = await auditOf('c-1', [
      f.openNotReceived({ disputeId: 'c-1', at: f.day(20) }),
      f.makeProposal({ disputeId: 'c-1', at: f.day(21), proposalId: 'p-seller-1', amount: 3_000 }),
      f.acceptProposal({ disputeId: 'c-1', at: f.day(22), by: 'buyer', proposalId: 'p-seller-1' }),
      f.issueRefund({ disputeId: 'c-1', at: f.day(22, 1), amount: 3_000 }),
    ]);
    const chart = chartDataOf(audit);
    expect(chart.currency).toBe('USD');
    expect(chart.digits).toBe(2);
    // open, proposal, accepted+resolved (same instant), refunded+closed (same instant)
    expect(chart.x).toEqual([seconds(f.day(20)), seconds(f.day(21)), seconds(f.day(22)), seconds(f.day(22, 1))]);
    const line = (label: string) => chart.series.find((s) => s.label === label)?.values;
    expect(line('asked')).toEqual([f.PRICE, f.PRICE, f.PRICE, f.PRICE]);
    expect(line('offered')).toEqual([null, 3_000, 3_000, 3_000]);
    expect(line('ruled / resolved')).toEqual([null, null, 3_000, 3_000]);
    expect(line('refunded')).toEqual([null, null, null, 3_000]);
    expect(line('held')).toEqual([f.PRICE, f.PRICE, f.PRICE, 0]);
    expect(line('proposed by mediator')).toBeUndefined();
    const sellerResponse = chart.deadlines.find((d) => d.label === 'SELLER_RESPONSE')!;
    expect(sellerResponse).toMatchObject({ how: 'STOPPED', start: seconds(f.day(20)), end: seconds(f.day(21)), started: 'started by v1 DisputeOpened' });
    expect(sellerResponse.ended).toBe('stopped by v2 ProposalMade (seller)');
    expect(chart.range[0]).toBe(seconds(f.day(20)));
    expect(chart.range[1]).toBeGreaterThanOrEqual(seconds(f.day(22, 1)));
  });

  it('shows a fired deadline with what its expiry caused, and a running one up to its due time', async () => {
    const fired = chartDataOf(
      await auditOf('c-2', [f.openNotReceived({ disputeId: 'c-2', at: f.day(20) }), f.expireDeadline({ disputeId: 'c-2', at: f.day(25, 1), kind: 'SELLER_RESPONSE', dueAt: f.day(25) })]),
    );
    const expired = fired.deadlines.find((d) => d.label === 'SELLER_RESPONSE')!;
    expect(expired.how).toBe('EXPIRED');
    expect(expired.ended).toMatch(/^fired by system .+ \(v2\) → ProposalAccepted, Resolved/);
    const open = chartDataOf(await auditOf('c-3', [f.openNotReceived({ disputeId: 'c-3', at: f.day(20) })]));
    const running = open.deadlines.find((d) => d.label === 'SELLER_RESPONSE')!;
    expect(running).toMatchObject({ how: 'RUNNING', end: running.due, ended: 'still running' });
  });
});

describe('stateRows and changedFields', () => {
  it('lists the state in words and names exactly the fields an event changed', async () => {
    const audit = await auditOf('c-4', [
      f.openNotReceived({ disputeId: 'c-4', at: f.day(20) }),
      f.makeProposal({ disputeId: 'c-4', at: f.day(21), proposalId: 'p-seller-1', amount: 3_000 }),
    ]);
    const [first, second] = audit.states.map((s) => stateRows(s.state));
    expect(first!.find((r) => r.field === 'status')?.value).toBe('AWAITING_SELLER');
    expect([...changedFields(first, second!)].sort()).toEqual(['open proposals', 'running deadlines', 'status']);
    expect(second!.find((r) => r.field === 'open proposals')?.value).toContain('p-seller-1 by seller seller-1: 30.00 USD');
    expect(changedFields(undefined, first!).size).toBe(first!.length);
  });
});
