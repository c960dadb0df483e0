import { runReadModelsDemo } from './readModelsDemo';

describe('example: read models', () => {
  it('runs four disputes with the reactors on a simulated clock and prints every read model', async () => {
    const lines: string[] = [];
    const result = await runReadModelsDemo((line) => lines.push(line));
    const byId = new Map(result.summaries.map((s) => [s.disputeId, s]));
    expect(byId.get('d-1001')).toMatchObject({ status: 'CLOSED', outcome: 'REFUNDED_FULL', amountRefunded: 4_999, resolutionBasis: 'SELLER_SILENCE' });
    expect(byId.get('d-1002')).toMatchObject({ status: 'CLOSED', outcome: 'REFUNDED_PARTIAL', amountRefunded: 1_500 });
    expect(byId.get('d-1003')).toMatchObject({ status: 'CLOSED', outcome: 'REFUNDED_FULL', amountRefunded: 12_500 });
    expect(byId.get('d-1004')).toMatchObject({ status: 'UNDER_MEDIATION', sellerAction: 'REQUIRED_ACTION', buyerAction: 'UNDER_REVIEW' });
    expect(result.summaries.reduce((sum, s) => sum + s.refundFailures, 0)).toBe(1);
    expect([...result.payouts].sort((a, b) => (a.disputeId < b.disputeId ? -1 : 1))).toEqual([
      { disputeId: 'd-1001', amount: 4_999 },
      { disputeId: 'd-1002', amount: 1_500 },
      { disputeId: 'd-1003', amount: 12_500 },
    ]);
    expect(result.scorecards).toEqual([expect.objectContaining({ disputesOpened: 4, openNow: 1, refundedTotal: 18_999, silenceCount: 1, escalationRate: 0.5 })]);
    expect(result.lag.every((l) => l.eventsBehind === 0)).toBe(true);
    expect(lines.some((l) => l.includes('Mediator queue:'))).toBe(true);
    expect(lines.find((l) => l.includes('d-1004 escalated'))).toContain('1 open evidence request');
    expect(lines.find((l) => l.startsWith('  2026') && l.includes('EVIDENCE_REQUEST (seller)  d-1004'))).toBeDefined();
  });
});
