import * as f from '../testing/fixtures';
import { auditDispute } from './disputeAudit';
import { returnAndRefund, silentSeller, storedHistory } from '../testing/internal/storedHistories';

describe('auditDispute', () => {
  const silent = storedHistory(silentSeller('d1'));

  it('gives the timeline: when, who, what, money', () => {
    const audit = auditDispute('dispute-d1', silent);
    expect(audit.timeline.map((e) => [e.version, e.at, e.who?.role, e.type, e.money?.amount])).toEqual([
      [1, f.day(20), 'buyer', 'DisputeOpened', f.PRICE],
      [2, f.day(25, 1), 'system', 'DeadlineExpired', undefined],
      [3, f.day(25, 1), 'system', 'ProposalAccepted', f.PRICE],
      [4, f.day(25, 1), 'system', 'Resolved', f.PRICE],
      [5, f.day(25, 2), 'system', 'RefundIssued', f.PRICE],
      [6, f.day(25, 2), 'system', 'DisputeClosed', f.PRICE],
    ]);
    expect(audit.timeline[2]!.what).toBe("accepted proposal p-open on the silent seller's behalf: 100.00 USD, no return");
    expect(audit.timeline[3]!.what).toBe("resolved in the buyer's favour by SELLER_SILENCE: full refund of 100.00 USD");
    expect(audit).toMatchObject({ disputeId: 'd1', storedEvents: 6, shownEvents: 6, clean: true, violations: [], corrupt: [] });
  });

  it('gives the state after each event', () => {
    const audit = auditDispute('dispute-d1', silent);
    expect(audit.states.map((s) => [s.version, s.state.status, s.state.refunded?.amount])).toEqual([
      [1, 'AWAITING_SELLER', 0],
      [2, 'AWAITING_SELLER', 0],
      [3, 'AWAITING_SELLER', 0],
      [4, 'AWAITING_REFUND', 0],
      [5, 'AWAITING_REFUND', f.PRICE],
      [6, 'CLOSED', f.PRICE],
    ]);
    expect(audit.finalState).toMatchObject({ status: 'CLOSED', outcome: 'REFUNDED_FULL', openProposals: [], deadlines: [] });
  });

  it('gives each deadline and what fired or stopped it', () => {
    const audit = auditDispute('dispute-d1', silent);
    expect(audit.deadlines).toEqual([
      {
        kind: 'SELLER_RESPONSE',
        dueAt: f.day(25),
        startedBy: { version: 1, type: 'DisputeOpened', at: f.day(20) },
        end: { how: 'EXPIRED', version: 2, at: f.day(25, 1), by: f.actors.system, consequences: ['ProposalAccepted', 'Resolved'] },
      },
      {
        kind: 'NEGOTIATION_WINDOW',
        dueAt: f.day(35),
        startedBy: { version: 1, type: 'DisputeOpened', at: f.day(20) },
        end: { how: 'STOPPED', version: 4, at: f.day(25, 1), by: f.actors.system, stoppedBy: 'Resolved' },
      },
    ]);
  });

  it('shows the dispute as it stood at an instant', () => {
    const audit = auditDispute('dispute-d1', silent, { asOf: f.day(24) });
    expect(audit).toMatchObject({ asOf: f.day(24), storedEvents: 6, shownEvents: 1, clean: true });
    expect(audit.finalState.status).toBe('AWAITING_SELLER');
    expect(audit.deadlines.map((d) => [d.kind, d.end])).toEqual([
      ['SELLER_RESPONSE', { how: 'RUNNING', overdue: false }],
      ['NEGOTIATION_WINDOW', { how: 'RUNNING', overdue: false }],
    ]);
    expect(auditDispute('dispute-d1', silent, { asOf: f.day(25, 0.5) }).deadlines[0]!.end).toEqual({ how: 'RUNNING', overdue: true });
    expect(() => auditDispute('dispute-d1', silent, { asOf: 'yesterday' })).toThrow(RangeError);
  });

  it('reports rule violations with their versions, and events that do not decode', () => {
    const history = storedHistory(returnAndRefund('d2'));
    // Drop the ReturnShipped event (version 4) and renumber: the chain breaks and S7 is violated.
    const holed = history.filter((e) => e.type !== 'ReturnShipped').map((e, i) => ({ ...e, version: i + 1 }));
    const audit = auditDispute('dispute-d2', holed);
    expect(audit.clean).toBe(false);
    expect(audit.chain.firstBreak).toMatchObject({ version: 4, problem: 'BROKEN_LINK' });
    expect(audit.violations.map((v) => [v.rule, v.version])).toEqual([
      ['S7', 4],
      ['S7', 5],
    ]);

    const garbled = history.map((e) => (e.version === 3 ? { ...e, data: { nonsense: true } } : e));
    const corrupt = auditDispute('dispute-d2', garbled);
    expect(corrupt.corrupt).toEqual([{ version: 3, globalPosition: 3, message: expect.stringContaining('ReturnRequested') as string }]);
    expect(corrupt.timeline[2]).toMatchObject({ version: 3, valid: false });
    // The fold stops at the hole: the states end at version 2.
    expect(corrupt.states.map((s) => s.version)).toEqual([1, 2]);
  });

  it('shows events the store could not read back as holes: corrupt, and where the chain breaks', () => {
    const history = storedHistory(returnAndRefund('d3'));
    const audit = auditDispute(
      'dispute-d3',
      history.filter((e) => e.version !== 4),
      { unreadable: [{ location: { streamId: 'dispute-d3', version: 4, globalPosition: 4 }, why: 'the data is not valid JSON' }] },
    );
    expect(audit.storedEvents).toBe(history.length);
    expect(audit.corrupt).toEqual([{ version: 4, globalPosition: 4, message: 'cannot be read back from the store (the data is not valid JSON)' }]);
    expect(audit.timeline[3]).toMatchObject({ version: 4, valid: false, type: '(unreadable)' });
    expect(audit.chain.firstBreak).toMatchObject({ version: 4, problem: 'UNREADABLE' });
    expect(audit.states.map((s) => s.version)).toEqual([1, 2, 3]);
    expect(audit.clean).toBe(false);
  });
});
