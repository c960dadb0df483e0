import * as E from 'fp-ts/lib/Either.js';
import {
  acceptProposal,
  cancelDispute,
  confirmReturnReceived,
  day,
  escalate,
  expireDeadline,
  issueRefund,
  issueRuling,
  makeProposal,
  markReturnShipped,
  openKeptItem,
  openNotReceived,
  postMessage,
  recordRefundFailure,
  requestEvidence,
  retryRefund,
  submitEvidence,
} from '../testing/fixtures';
import { recordExternalRefund } from '../testing';
import type { DisputeCommand } from './commands';
import { decide } from './decide';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { checkHistory, checkOrderHistories, type InvariantRule } from './invariants';
import { initialState, type DisputeState } from './state';

/** Runs commands that must all be accepted; returns the history. */
const record = (commands: ReadonlyArray<DisputeCommand>): DisputeEvent[] => {
  let state: DisputeState = initialState;
  const events: DisputeEvent[] = [];
  for (const command of commands) {
    const decision = decide(command, state);
    if (E.isLeft(decision)) throw new Error(`${command.type} refused: ${decision.left.message}`);
    events.push(...decision.right);
    state = decision.right.reduce(evolve, state);
  }
  return events;
};

/** Opened (kept item, 40.00 asked), seller offers 30.00 with a return, accepted, shipped, received, refunded after one failure. */
const returnPath = (): DisputeEvent[] =>
  record([
    openKeptItem({ at: day(7), commandId: 'c-open' }),
    makeProposal({ at: day(8), proposalId: 'p-s1', amount: 3_000, returnRequired: true, commandId: 'c-offer' }),
    acceptProposal({ at: day(9), proposalId: 'p-s1', commandId: 'c-accept' }),
    markReturnShipped({ at: day(10), commandId: 'c-ship' }),
    confirmReturnReceived({ at: day(12), commandId: 'c-confirm' }),
    recordRefundFailure({ at: day(12), commandId: 'c-fail' }),
    issueRefund({ at: day(13), amount: 3_000, commandId: 'c-refund' }),
  ]);

/** Not received; escalated; evidence asked and given; ruled for the buyer; refunded in full. */
const mediationPath = (): DisputeEvent[] =>
  record([
    openNotReceived({ at: day(3), commandId: 'c-open' }),
    postMessage({ at: day(4), messageId: 'm-1', commandId: 'c-msg' }),
    escalate({ at: day(7), commandId: 'c-esc' }),
    requestEvidence({ at: day(7), requestId: 'rq-1', from: 'seller', commandId: 'c-req' }),
    submitEvidence({ at: day(8), evidenceId: 'ev-s1', by: 'seller', commandId: 'c-ev' }),
    issueRuling({ at: day(9), outcome: 'BUYER_FAVOUR', refund: 10_000, commandId: 'c-rule' }),
    issueRefund({ at: day(10), amount: 10_000, commandId: 'c-refund' }),
  ]);

/** Not received; the seller stays silent; the request is accepted on the seller's behalf. */
const silencePath = (): DisputeEvent[] => {
  const open = record([openNotReceived({ at: day(3), commandId: 'c-open' })]);
  const opened = open[0]!;
  const due = opened.type === 'DisputeOpened' ? opened.data.deadlines.find((d) => d.kind === 'SELLER_RESPONSE')!.dueAt : '';
  return record([openNotReceived({ at: day(3), commandId: 'c-open' }), expireDeadline({ at: due, kind: 'SELLER_RESPONSE', dueAt: due, commandId: 'c-exp' })]);
};

/** Kept item; the buyer withdraws. */
const cancelPath = (): DisputeEvent[] =>
  record([openKeptItem({ at: day(7), commandId: 'c-open' }), cancelDispute({ at: day(8), commandId: 'c-cancel' })]);

/** A deep copy that shares nothing (as if read back from storage), so that tampering touches one event only. */
/** A refund blocked by a permanent failure, retried by a mediator, then paid. */
const blockedRefundPath = (): DisputeEvent[] =>
  record([
    openNotReceived({ at: day(1), commandId: 'c-open' }),
    acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open', commandId: 'c-accept' }),
    recordRefundFailure({ at: day(3), permanent: true, retryable: false, commandId: 'c-fail' }),
    retryRefund({ at: day(4), commandId: 'c-retry' }),
    issueRefund({ at: day(5), amount: 10_000, commandId: 'c-refund' }),
  ]);

const clone = (events: ReadonlyArray<DisputeEvent>): DisputeEvent[] => JSON.parse(JSON.stringify(events)) as DisputeEvent[];
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const rules = (events: Iterable<unknown>): InvariantRule[] => checkHistory(events as Iterable<DisputeEvent>).map((v) => v.rule);
const indexOfType = (events: ReadonlyArray<DisputeEvent>, type: DisputeEvent['type']): number => events.findIndex((e) => e.type === type);
/** Mutable view of an event's data, for tampering. */
const dataOf = (events: DisputeEvent[], index: number): Record<string, unknown> => events[index]!.data as unknown as Record<string, unknown>;

describe('checkHistory on histories the decider produced', () => {
  it.each([
    ['a return then a refund after a failure', returnPath],
    ['a mediation with an evidence request and a ruling', mediationPath],
    ['a seller who stays silent', silencePath],
    ['a cancellation', cancelPath],
    ['a refund blocked, retried and paid', blockedRefundPath],
  ])('finds nothing wrong in %s', (_name, history) => {
    const events = history();
    expect(checkHistory(events)).toEqual([]);
    expect(checkHistory(events.map((event, i) => ({ version: i + 1, event })))).toEqual([]);
  });

  it('finds nothing wrong in an empty history', () => {
    expect(checkHistory([])).toEqual([]);
  });
});

describe('checkHistory reports each kind of tampering with the rule it breaks', () => {
  const cases: ReadonlyArray<readonly [InvariantRule, string, () => unknown[]]> = [
    ['M1', 'a refundable that is not paid − already refunded', () => {
      const h = clone(returnPath());
      (dataOf(h, 0).refundable as { amount: number }).amount = 9_000;
      return h;
    }],
    ['M1', 'a proposal above the refundable amount', () => {
      const h = clone(returnPath());
      (dataOf(h, 1).amount as { amount: number }).amount = 10_001;
      return h;
    }],
    ['M1', 'isFullRefund that does not match the amount', () => {
      const h = clone(returnPath());
      dataOf(h, indexOfType(h, 'Resolved')).isFullRefund = true;
      return h;
    }],
    ['M2', 'an amount that is not a safe integer', () => {
      const h = clone(returnPath());
      (dataOf(h, indexOfType(h, 'RefundIssued')).amount as { amount: number }).amount = 2_999.5;
      return h;
    }],
    ['M2', 'an amount in another currency', () => {
      const h = clone(returnPath());
      (dataOf(h, 1).amount as { currency: string }).currency = 'EUR';
      return h;
    }],
    ['M3', 'a blocked refund paid without a retry', () => clone(blockedRefundPath()).filter((e) => e.type !== 'RefundRetried')],
    ['S3', 'a retry of a refund that was not blocked', () => clone(blockedRefundPath()).filter((e) => e.type !== 'RefundBlocked')],
    ['S3', 'a permanent-failure block without a permanent failure', () => {
      const h = clone(blockedRefundPath());
      delete dataOf(h, indexOfType(h, 'RefundFailed')).permanent;
      return h;
    }],
    ['T2', 'a REFUND_OVERDUE block without its expiry', () => {
      const h = clone(blockedRefundPath());
      dataOf(h, indexOfType(h, 'RefundBlocked')).reason = 'REFUND_OVERDUE';
      return h;
    }],
    ['M3', 'a second RefundIssued', () => {
      const h = clone(returnPath());
      const refund = copy(h[indexOfType(h, 'RefundIssued')]!);
      (refund.data as { commandId: string }).commandId = 'c-again';
      h.splice(h.length - 1, 0, refund);
      return h;
    }],
    ['M3', 'a refund that differs from the resolution', () => {
      const h = clone(returnPath());
      (dataOf(h, indexOfType(h, 'RefundIssued')).amount as { amount: number }).amount = 2_000;
      (dataOf(h, indexOfType(h, 'DisputeClosed')).refunded as { amount: number }).amount = 2_000;
      return h;
    }],
    ['M3', 'a refund without the dispute\'s idempotency key', () => {
      const h = clone(returnPath());
      dataOf(h, indexOfType(h, 'RefundIssued')).idempotencyKey = 'refund-1';
      return h;
    }],
    ['M3', 'a resolution that does not refund what was agreed', () => {
      const h = clone(returnPath());
      (dataOf(h, indexOfType(h, 'ReturnRequested')).refund as { amount: number }).amount = 3_500;
      return h;
    }],
    ['M3', 'a refund that does not close the dispute', () => clone(returnPath()).slice(0, -1)],
    ['M4', 'a refund in a cancelled dispute', () => {
      const h = clone(cancelPath());
      const refund = copy(returnPath().find((e) => e.type === 'RefundIssued')!);
      h.splice(h.length - 1, 0, { ...refund, data: { ...refund.data, commandId: 'c-cancel', at: h[1]!.data.at, by: h[1]!.data.by } } as DisputeEvent);
      return h;
    }],
    ['M4', 'a closing outcome that does not match the refund', () => {
      const h = clone(returnPath());
      dataOf(h, h.length - 1).outcome = 'REFUNDED_FULL';
      return h;
    }],
    ['M4', 'a buyer-favour ruling that refunds nothing', () => {
      const h = clone(mediationPath());
      (dataOf(h, indexOfType(h, 'RulingIssued')).refund as { amount: number }).amount = 0;
      return h;
    }],
    ['S1', 'a history that does not start with DisputeOpened', () => clone(returnPath()).slice(1)],
    ['S1', 'a second DisputeOpened', () => {
      const h = clone(cancelPath());
      return [h[0], { ...h[0]!, data: { ...h[0]!.data, commandId: 'c-open-2' } }, ...h.slice(1)];
    }],
    ['S1', 'a version gap', () => clone(returnPath()).map((event, i) => ({ version: i === 0 ? 1 : i + 2, event }))],
    ['S1', 'an event of another dispute', () => {
      const h = clone(returnPath());
      dataOf(h, 1).disputeId = 'dispute-2';
      return h;
    }],
    ['S1', 'an entry that is not an event', () => [...clone(cancelPath()).slice(0, 1), { type: 'Nope', data: {} }, null]],
    ['S1', 'a malformed event', () => {
      const h = clone(returnPath());
      dataOf(h, 1).proposalId = '';
      return h;
    }],
    ['S2', 'an event after DisputeClosed', () => {
      const h = clone(cancelPath());
      const message = mediationPath()[1]!;
      return [...h, { ...message, data: { ...message.data, at: h[1]!.data.at } }];
    }],
    ['S3', 'a dispute resolved and then cancelled', () => {
      const h = clone(returnPath());
      const cancel = cancelPath().slice(1);
      return [...h.slice(0, -2), ...cancel.map((e) => ({ ...e, data: { ...e.data, at: h[h.length - 1]!.data.at } }))];
    }],
    ['S3', 'a seller-favour resolution that does not close the dispute', () => {
      const h = record([
        openNotReceived({ at: day(3), commandId: 'c-open' }),
        escalate({ at: day(7), commandId: 'c-esc' }),
        issueRuling({ at: day(9), outcome: 'SELLER_FAVOUR', refund: 0, commandId: 'c-rule' }),
      ]);
      expect(checkHistory(h)).toEqual([]);
      return h.slice(0, -1);
    }],
    ['S4', 'a second escalation', () => {
      const h = clone(mediationPath());
      const escalation = h[indexOfType(h, 'Escalated')]!;
      h.splice(indexOfType(h, 'EvidenceRequested'), 0, { ...escalation, data: { ...escalation.data, commandId: 'c-esc-2' } } as DisputeEvent);
      return h;
    }],
    ['S4', 'a return escalation without a shipped return', () => {
      const h = clone(returnPath());
      const i = indexOfType(h, 'ReturnShipped');
      h.splice(i, h.length - i, { type: 'Escalated', data: { ...h[i]!.data, by: { role: 'seller', id: 'seller-1' }, reason: 'RETURN_DISPUTED' } } as unknown as DisputeEvent);
      return h;
    }],
    ['S6', 'a seller accepting a mediator\'s proposal that binds only the buyer', () => {
      const h = record([
        openNotReceived({ at: day(3), commandId: 'c-open' }),
        escalate({ at: day(7), commandId: 'c-esc' }),
        makeProposal({ at: day(8), proposalId: 'p-m', amount: 8_000, by: 'mediator', commandId: 'c-med' }),
        acceptProposal({ at: day(9), proposalId: 'p-m', commandId: 'c-acc' }),
      ]);
      expect(checkHistory(h)).toEqual([]);
      for (const e of h.filter((x) => x.data.commandId === 'c-acc')) (e.data as { by: unknown }).by = { role: 'seller', id: 'seller-1' };
      return h;
    }],
    ['S5', 'a proposal after the acceptance', () => {
      const h = clone(returnPath());
      const offer = h[1]!;
      h.splice(indexOfType(h, 'ReturnShipped'), 0, { ...offer, data: { ...offer.data, proposalId: 'p-s2', commandId: 'c-late', at: h[3]!.data.at, deadlines: [] } } as unknown as DisputeEvent);
      return h;
    }],
    ['S5', 'a second ruling in one mediation round', () => {
      const h = clone(mediationPath());
      const ruling = h[indexOfType(h, 'RulingIssued')]!;
      h.splice(indexOfType(h, 'RefundIssued'), 0, { ...ruling, data: { ...ruling.data, commandId: 'c-rule-2' } } as DisputeEvent);
      return h;
    }],
    ['S6', 'the acceptance of a proposal nobody made', () => {
      const h = clone(returnPath());
      dataOf(h, indexOfType(h, 'ProposalAccepted')).proposalId = 'p-ghost';
      return h;
    }],
    ['S6', 'a party accepting their own proposal', () => {
      const h = clone(returnPath());
      const i = indexOfType(h, 'ProposalAccepted');
      for (const e of h.filter((x) => x.data.commandId === h[i]!.data.commandId)) {
        (e.data as { by: unknown }).by = h[1]!.data.by;
      }
      return h;
    }],
    ['S7', 'a refund that needed a return resolved without one', () => {
      const h = clone(returnPath());
      const i = indexOfType(h, 'ReturnRequested');
      const resolved = h[indexOfType(h, 'Resolved')]!;
      h[i] = { ...resolved, data: { ...resolved.data, basis: 'AGREEMENT', at: h[i]!.data.at, by: h[i]!.data.by, commandId: h[i]!.data.commandId } } as DisputeEvent;
      return h.filter((e, k) => k <= i || e.type === 'RefundFailed' || e.type === 'RefundIssued' || e.type === 'DisputeClosed');
    }],
    ['S7', 'a return received that was never shipped', () => clone(returnPath()).filter((e) => e.type !== 'ReturnShipped')],
    ['S8', 'evidence requested outside mediation', () => {
      const h = clone(mediationPath());
      const request = h.splice(indexOfType(h, 'EvidenceRequested'), 1)[0]!;
      h.splice(1, 0, { ...request, data: { ...request.data, at: h[0]!.data.at } } as DisputeEvent);
      return h;
    }],
    ['A1', 'a message posted by the system', () => {
      const h = clone(mediationPath());
      dataOf(h, 1).by = { role: 'system', id: 'system' };
      return h;
    }],
    ['A1', 'a party acting as the mediator', () => {
      const h = clone(mediationPath());
      const i = indexOfType(h, 'EvidenceRequested');
      dataOf(h, i).by = { role: 'mediator', id: h[0]!.data.by.id };
      return h;
    }],
    ['A1', 'a resolution with no cause', () => {
      const h = clone(silencePath());
      return h.filter((e) => e.type !== 'DeadlineExpired' && e.type !== 'ProposalAccepted');
    }],
    ['A1', 'the events of one command with different actors', () => {
      const h = clone(returnPath());
      dataOf(h, indexOfType(h, 'DisputeClosed')).by = { role: 'system', id: 'payments' };
      return h;
    }],
    ['A2', 'a stranger acting as the buyer', () => {
      const h = clone(mediationPath());
      dataOf(h, 1).by = { role: 'buyer', id: 'someone-else' };
      return h;
    }],
    ['T1', 'time going backwards', () => {
      const h = clone(returnPath());
      dataOf(h, 1).at = day(7, -1);
      return h;
    }],
    ['T1', 'a deadline due before the event that starts it', () => {
      const h = clone(returnPath());
      dataOf(h, 1).deadlines = [{ kind: 'BUYER_RESPONSE', dueAt: day(8) }];
      return h;
    }],
    ['T1', 'an opening whose deadline is not later than the opening', () => {
      const h = clone(cancelPath()).slice(0, 1);
      (dataOf(h, 0).deadlines as Array<{ dueAt: string }>)[0]!.dueAt = h[0]!.data.at;
      return h;
    }],
    ['T2', 'a deadline that expired twice', () => {
      const h = clone(silencePath());
      const expired = h[indexOfType(h, 'DeadlineExpired')]!;
      return [h[0], { ...expired, data: { ...expired.data, commandId: 'c-exp-0' } }, ...h.slice(1)];
    }],
    ['T2', 'a deadline that expired early', () => {
      const h = clone(silencePath());
      for (const e of h.slice(1)) (e.data as { at: string }).at = day(4);
      return h;
    }],
    ['T2', 'an expiry of a deadline that was not running', () => {
      const h = clone(silencePath());
      dataOf(h, indexOfType(h, 'DeadlineExpired')).dueAt = day(9);
      return h;
    }],
    ['T3', 'a waiting state with no deadline to leave it', () => {
      const h = clone(cancelPath()).slice(0, 1);
      dataOf(h, 0).deadlines = [];
      return h;
    }],
    ['T3', 'an event starting a deadline it cannot start', () => {
      const h = clone(returnPath());
      dataOf(h, 1).deadlines = [{ kind: 'RETURN_SHIPMENT', dueAt: day(20) }];
      return h;
    }],
    ['T3', 'a second evidence request for one party while one runs', () => {
      const h = clone(mediationPath());
      const i = indexOfType(h, 'EvidenceRequested');
      h.splice(i + 1, 0, { ...h[i]!, data: { ...h[i]!.data, requestId: 'rq-2', commandId: 'c-req-2' } } as DisputeEvent);
      return h;
    }],
    ['I1', 'a command id that reappears later', () => {
      const h = clone(mediationPath());
      dataOf(h, 2).commandId = 'c-open';
      return h;
    }],
    ['I1', 'an event recorded twice for one command', () => {
      const h = clone(mediationPath());
      h.splice(2, 0, copy(h[1]!));
      return h;
    }],
  ];

  it.each(cases)('%s: %s', (rule, _name, tamper) => {
    expect(rules(tamper())).toContain(rule);
  });

  it('names the position of the offending event', () => {
    const h = clone(mediationPath());
    dataOf(h, 1).by = { role: 'buyer', id: 'someone-else' };
    expect(checkHistory(h)).toContainEqual(expect.objectContaining({ rule: 'A2', index: 1 }));
  });

  it('never throws on refunds made elsewhere that add up beyond the safe integers: I1 and M7 are reported', () => {
    // Found by the I1 property: a copied ExternalRefundRecorded of a huge order made the fold overflow.
    const h = record([
      openNotReceived({ at: day(1) }),
      acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' }),
      recordExternalRefund({ at: day(3), amount: 10_000 }),
    ]);
    const refundedElsewhere = h.findIndex((e) => e.type === 'ExternalRefundRecorded');
    const huge = clone(h);
    (dataOf(huge, refundedElsewhere).amount as { amount: number }).amount = Number.MAX_SAFE_INTEGER - 1;
    huge.push(copy(huge[refundedElsewhere]!));
    expect(() => checkHistory(huge)).not.toThrow();
    expect(rules(huge)).toEqual(expect.arrayContaining(['I1', 'M7']));
  });

  it('never throws on input that is not a history', () => {
    const garbage: unknown[] = [null, 42, 'DisputeOpened', [], { type: 'DisputeOpened' }, { type: 'Resolved', data: null }, { version: 'x', event: {} }];
    expect(() => checkHistory(garbage as DisputeEvent[])).not.toThrow();
    expect(rules(garbage).every((r) => r === 'S1' || r === 'M2')).toBe(true);
    expect(rules(garbage).length).toBeGreaterThanOrEqual(garbage.length);
  });
});

describe('checkHistory checks stream versions (S1) once per gap', () => {
  /** The mediation path as stored: `{ version, event }` entries numbered 1..7. */
  const stored = (): Array<{ version: unknown; event: DisputeEvent }> => clone(mediationPath()).map((event, i) => ({ version: i + 1, event }));
  const versionViolations = (entries: ReadonlyArray<unknown>) =>
    checkHistory(entries as Iterable<DisputeEvent>).filter((v) => v.rule === 'S1' && v.message.includes('version'));

  it('reports one missing event once, at the first wrong version', () => {
    const entries = stored().filter((e) => e.version !== 2); // the message, whose loss breaks no other rule
    expect(checkHistory(entries as Iterable<DisputeEvent>)).toEqual([{ rule: 'S1', message: expect.stringContaining('version 3, not 2') as unknown as string, index: 1 }]);
  });

  it('reports two separate gaps once each, going on from the version actually seen', () => {
    const entries = stored().filter((e) => e.version !== 2 && e.version !== 5);
    expect(versionViolations(entries).map((v) => [v.index, v.message.match(/version \S+, not \d+/)?.[0]])).toEqual([
      [1, 'version 3, not 2'],
      [3, 'version 6, not 5'],
    ]);
  });

  it('reports a history that starts after version 1, a repeated version and a version that is no number once each', () => {
    expect(versionViolations(stored().map((e, i) => ({ ...e, version: i + 2 }))).map((v) => v.index)).toEqual([0]);
    expect(versionViolations(stored().map((e, i) => ({ ...e, version: i < 3 ? i + 1 : i }))).map((v) => v.index)).toEqual([3]);
    expect(versionViolations(stored().map((e, i) => ({ ...e, version: i === 2 ? 'x' : i + 1 }))).map((v) => v.index)).toEqual([2]);
  });

  it('still reports every out-of-place version of a reordering', () => {
    const entries = stored();
    [entries[1], entries[2]] = [entries[2]!, entries[1]!];
    const versions = entries.map((e, i) => ({ version: e.version, event: stored()[i]!.event })); // events in order, versions 1,3,2,4,…
    expect(versionViolations(versions).map((v) => v.index)).toEqual([1, 2, 3]);
  });
});

describe('checkOrderHistories (M5)', () => {
  /** A first dispute refunded 30.00 of 100.00, closed on day 13. */
  const first = (): DisputeEvent[] => returnPath();
  /** A later dispute about the same order, opened on `openDay` with `already` refunded. */
  const later = (already: number, openDay = 20, maxDisputes?: number): DisputeEvent[] => {
    const h = record([openKeptItem({ at: day(openDay), commandId: 'c-open', disputeId: 'dispute-2', order: { alreadyRefunded: { amount: already, currency: 'USD' } }, requested: 1_000, policy: 'paypal' })]);
    if (maxDisputes !== undefined) (dataOf(h, 0).policy as { maxDisputesPerOrder: number }).maxDisputesPerOrder = maxDisputes;
    return h;
  };

  it('accepts sequential disputes whose snapshots count the earlier refunds', () => {
    expect(checkOrderHistories([first(), later(3_000, 20, 2)])).toEqual([]);
    expect(checkOrderHistories([])).toEqual([]);
  });

  it('reports a later dispute that ignores what an earlier one refunded', () => {
    expect(checkOrderHistories([first(), later(0, 20, 2)])).toEqual([expect.objectContaining({ rule: 'M5', index: 1 })]);
  });

  it('reports a dispute opened while the previous one was still open', () => {
    expect(checkOrderHistories([first(), later(3_000, 10, 2)]).map((v) => v.rule)).toContain('M5');
  });

  it('reports more disputes than the policy allows', () => {
    expect(checkOrderHistories([first(), later(3_000, 20, 1)]).map((v) => v.message).join()).toMatch(/maxDisputesPerOrder/);
  });

  it('reports a dispute about another order and refunds beyond what was paid', () => {
    const other = clone(later(3_000, 20, 2));
    (dataOf(other, 0).order as { orderId: string }).orderId = 'order-2';
    expect(checkOrderHistories([first(), other]).map((v) => v.rule)).toContain('M5');
    const overpaid = clone(first());
    for (const e of overpaid) {
      if (e.type === 'DisputeOpened') (e.data.order.alreadyRefunded as { amount: number }).amount = 8_000;
    }
    expect(checkOrderHistories([overpaid]).map((v) => v.message).join()).toMatch(/more than the 10000 paid/);
    const otherCurrency = clone(later(3_000, 20, 2));
    (dataOf(otherCurrency, 0).order as { alreadyRefunded: { currency: string } }).alreadyRefunded.currency = 'EUR';
    expect(checkOrderHistories([first(), otherCurrency]).map((v) => v.message).join()).toMatch(/counts refunds in EUR/);
  });
});
