import * as E from 'fp-ts/lib/Either.js';
import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  day,
  escalate,
  eventFrom,
  markReturnShipped,
  openKeptItem,
  openNotReceived,
  postMessage,
  recordExternalRefund,
  requestEvidence,
  spec,
  usd,
} from '../testing';
import { disputeDecider } from './decider';
import { evolve } from './evolve';
import { encodeEvent, parseEvent } from './parse';
import { initialState } from './state';

/**
 * evolve folds events into the state: versions, time, the ids it remembers, and its tolerance of
 * histories that did not come from decide (those are reported by checkHistory, not by evolve).
 */
const history = spec(disputeDecider).givenCommands([openKeptItem({ at: day(8), commandId: 'open' })]);
const openedEvent = history.events[0]!;

describe('evolve', () => {
  it('opens from DisputeOpened at version 1, remembering its command, proposal and evidence ids', () => {
    const s = opened(evolve(initialState, openedEvent));
    expect(s.version).toBe(1);
    expect(s.openedAt).toBe(day(8));
    expect(s.lastEventAt).toBe(day(8));
    expect([...s.seen.commandIds]).toEqual(['open']);
    expect([...s.seen.proposalIds]).toEqual(['p-open']);
    expect([...s.seen.evidenceIds]).toEqual(['ev-open-1']);
    expect([...s.seen.requestIds]).toEqual([]);
  });

  it('ignores events before the opening', () => {
    const message = eventFrom(postMessage({ at: day(9), messageId: 'm' }), 'MessagePosted', { messageId: 'm', text: 'Any news about my parcel?' });
    expect(evolve(initialState, message)).toBe(initialState);
  });

  it('counts a second DisputeOpened as a version but changes nothing else', () => {
    const again = evolve(history.state, openedEvent);
    expect(again.version).toBe(2);
    expect({ ...opened(again), version: 1 }).toEqual(opened(history.state));
  });

  it('never moves lastEventAt backwards on an out-of-order event', () => {
    const early = eventFrom(postMessage({ at: day(7), messageId: 'm' }), 'MessagePosted', { messageId: 'm', text: 'early' });
    const s = opened(evolve(history.state, early));
    expect(s.lastEventAt).toBe(day(8));
    expect(s.version).toBe(2);
    expect(s.seen.commandIds.size).toBe(2);
  });

  it('remembers the command of a multi-event decision once', () => {
    const after = history.givenCommands([acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open', commandId: 'accept' })]);
    expect([...opened(after.state).seen.commandIds]).toEqual(['open', 'accept']);
    expect(after.state.version).toBe(3);
  });

  it('records a shipment or receipt even without pending return terms (a foreign history)', () => {
    const ship = markReturnShipped({ at: day(9) });
    const shipped = opened(
      evolve(history.state, eventFrom(ship, 'ReturnShipped', { carrier: 'DHL', trackingNumber: 'T1', deadlines: [{ kind: 'RETURN_RECEIPT', dueAt: day(19) }] })),
    );
    expect(shipped.status).toBe('AWAITING_RETURN_RECEIPT');
    expect(shipped.pendingReturn).toBeUndefined();
    const received = opened(evolve(shipped, eventFrom(ship, 'ReturnReceived', { condition: 'DAMAGED' })));
    expect(received.pendingReturn).toBeUndefined();
    expect(shipped.deadlines.map((d) => d.kind)).toContain('RETURN_RECEIPT');
    expect(received.deadlines.map((d) => d.kind)).not.toContain('RETURN_RECEIPT');
  });

  it('an evidence request falls due with the deadline it starts; one without it is refused when decoded (a foreign history)', () => {
    const underMediation = history.givenCommands([escalate({ at: day(11) })]);
    const request = requestEvidence({ at: day(12), requestId: 'r1', from: 'buyer' });
    const deadline = { kind: 'EVIDENCE_REQUEST', party: 'buyer', dueAt: day(15) };
    const requested = eventFrom(request, 'EvidenceRequested', { requestId: 'r1', from: 'buyer', description: 'Photos.', deadlines: [deadline] });
    const s = opened(evolve(underMediation.state, requested));
    expect(s.openEvidenceRequests).toEqual([{ requestId: 'r1', from: 'buyer', requestedAt: day(12), dueAt: day(15) }]);
    const json = encodeEvent(requested) as { data: Record<string, unknown> };
    const withDeadlines = (deadlines: unknown) => parseEvent({ ...json, data: { ...json.data, deadlines } });
    expect(E.isRight(withDeadlines([deadline]))).toBe(true);
    for (const deadlines of [[], [{ kind: 'RETURN_SHIPMENT', dueAt: day(15) }], [{ kind: 'EVIDENCE_REQUEST', dueAt: day(15) }], [deadline, deadline]]) {
      expect(E.isLeft(withDeadlines(deadlines))).toBe(true);
    }
  });

  it('holds a running total of refunds made elsewhere at the largest safe integer instead of throwing (a tampered history)', () => {
    const due = spec(disputeDecider).givenCommands([openNotReceived({ at: day(1) }), acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' })]);
    const paid = recordExternalRefund({ at: day(3), amount: 1_000 });
    const huge = eventFrom(paid, 'ExternalRefundRecorded', { refundRef: 'r-1', amount: usd(Number.MAX_SAFE_INTEGER - 1), method: 'BANK_TRANSFER' });
    const s = opened([huge, huge].reduce(evolve, due.state));
    expect(s.externallyRefunded).toEqual(usd(Number.MAX_SAFE_INTEGER));
    expect(s.externalRefunds).toHaveLength(2);
  });

  it('a Resolved for the seller leaves the status to the DisputeClosed that follows it', () => {
    const notReceived = spec(disputeDecider).givenCommands([openNotReceived({ at: day(1) })]);
    const accept = acceptProposal({ at: day(2), by: 'seller', proposalId: 'p-open' });
    const s = opened(evolve(notReceived.state, eventFrom(accept, 'Resolved', { outcome: 'SELLER_FAVOUR', basis: 'AGREEMENT', refund: usd(0), isFullRefund: false })));
    expect(s.status).toBe('AWAITING_SELLER');
    expect(s.settled).toBe(true);
    expect(s.deadlines).toEqual([]);
  });
});
