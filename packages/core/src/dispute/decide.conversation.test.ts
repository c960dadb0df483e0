import { expectOpened as opened } from '../testing/fixtures';
import {
  acceptProposal,
  cancelDispute,
  day,
  escalate,
  eventFrom,
  evidenceJson,
  openKeptItem,
  openNotReceived,
  policyWith,
  postMessage,
  requestEvidence,
  spec,
  submitEvidence,
} from '../testing';
import { disputeDecider } from './decider';

/** Process rules §4, rows `SubmitEvidence` and `PostMessage`: what the parties add to a running dispute. */
const dispute = spec(disputeDecider);

// Opened on day 8 with one piece of evidence (ev-open-1); under mediation from day 11.
const keptItem = dispute.givenCommands([openKeptItem({ at: day(8) })]);
const underMediation = keptItem.givenCommands([escalate({ at: day(11) })]);

describe('SubmitEvidence', () => {
  it('the seller attaches evidence: EvidenceSubmitted, counted for the seller', () => {
    const submit = submitEvidence({ at: day(9), by: 'seller', evidenceId: 'ev-seller-1', evidence: { kind: 'VIDEO', note: 'Packing video' } });
    keptItem
      .when(submit)
      .then([eventFrom(submit, 'EvidenceSubmitted', { evidence: evidenceJson('ev-seller-1', { kind: 'VIDEO', note: 'Packing video' }) })])
      .thenState((s) => {
        expect(opened(s).evidenceCount).toEqual({ buyer: 1, seller: 1 });
        expect(opened(s).seen.evidenceIds.has('ev-seller-1')).toBe(true);
        expect(s.status).toBe('AWAITING_SELLER');
      });
  });

  it('answers the party’s open evidence request and stops only that party’s EVIDENCE_REQUEST deadline', () => {
    const submit = submitEvidence({ at: day(13), by: 'seller', evidenceId: 'ev-seller-1' });
    underMediation
      .givenCommands([
        requestEvidence({ at: day(12), requestId: 'req-seller', from: 'seller' }),
        requestEvidence({ at: day(12), requestId: 'req-buyer', from: 'buyer' }),
      ])
      .when(submit)
      .then([eventFrom(submit, 'EvidenceSubmitted', { evidence: evidenceJson('ev-seller-1'), answersRequestId: 'req-seller' })])
      .thenState((s) => {
        expect(opened(s).openEvidenceRequests.map((r) => r.requestId)).toEqual(['req-buyer']);
        expect(opened(s).deadlines).toEqual([{ kind: 'EVIDENCE_REQUEST', dueAt: day(15), party: 'buyer' }]);
      });
  });

  it('evidence from the party not asked does not answer the other party’s request', () => {
    const submit = submitEvidence({ at: day(13), by: 'buyer', evidenceId: 'ev-buyer-2' });
    underMediation
      .givenCommands([requestEvidence({ at: day(12), requestId: 'req-seller', from: 'seller' })])
      .when(submit)
      .then([eventFrom(submit, 'EvidenceSubmitted', { evidence: evidenceJson('ev-buyer-2') })])
      .thenState((s) => opened(s).openEvidenceRequests.length === 1);
  });

  it('refuses an evidence id already attached, including at opening (DuplicateEvidence)', () => {
    keptItem.when(submitEvidence({ at: day(9), by: 'seller', evidenceId: 'ev-open-1' })).thenFails('DuplicateEvidence');
    keptItem
      .givenCommands([submitEvidence({ at: day(9), evidenceId: 'ev-2' })])
      .when(submitEvidence({ at: day(10), evidenceId: 'ev-2' }))
      .thenFails('DuplicateEvidence');
  });

  it('refuses evidence beyond maxEvidencePerParty, counted per party (EvidenceLimitReached)', () => {
    const limited = dispute.givenCommands([openKeptItem({ at: day(8), policy: policyWith('seed', { maxEvidencePerParty: 1 }) })]);
    limited.when(submitEvidence({ at: day(9), evidenceId: 'ev-2' })).thenFails('EvidenceLimitReached');
    const sellerFirst = limited.when(submitEvidence({ at: day(9), by: 'seller', evidenceId: 'ev-s1' })).thenState(() => true).next();
    sellerFirst.when(submitEvidence({ at: day(10), by: 'seller', evidenceId: 'ev-s2' })).thenFails('EvidenceLimitReached');
  });

  it('refuses a mediator or the system (NotPermitted), and a stranger posing as a party', () => {
    keptItem.when(submitEvidence({ at: day(9), by: 'mediator', evidenceId: 'ev-m' })).thenFails('NotPermitted');
    keptItem.when(submitEvidence({ at: day(9), by: 'system', evidenceId: 'ev-m' })).thenFails('NotPermitted');
    keptItem.when(submitEvidence({ at: day(9), by: { role: 'seller', id: 'someone' }, evidenceId: 'ev-m' })).thenFails('NotPermitted');
  });

  it('is still possible while waiting for the refund, refused once closed (DisputeClosed)', () => {
    const resolved = keptItem.givenCommands([acceptProposal({ at: day(9), by: 'seller', proposalId: 'p-open' })]);
    resolved.when(submitEvidence({ at: day(10), evidenceId: 'ev-2' })).thenState((s) => s.status === 'AWAITING_REFUND');
    keptItem
      .givenCommands([cancelDispute({ at: day(9) })])
      .when(submitEvidence({ at: day(10), evidenceId: 'ev-2' }))
      .thenFails('DisputeClosed');
  });
});

describe('PostMessage', () => {
  it('the buyer or the seller writes: MessagePosted, nothing else changes', () => {
    const fromBuyer = postMessage({ at: day(2), messageId: 'm-1', text: 'Where is my parcel?' });
    const notReceived = dispute.givenCommands([openNotReceived({ at: day(1) })]);
    notReceived
      .when(fromBuyer)
      .then([eventFrom(fromBuyer, 'MessagePosted', { messageId: 'm-1', text: 'Where is my parcel?' })])
      .thenState((s) => {
        expect(s.status).toBe('AWAITING_SELLER');
        expect(opened(s).deadlines).toEqual(opened(notReceived.state).deadlines);
        expect(s.version).toBe(2);
      });
    const fromSeller = postMessage({ at: day(2), by: 'seller', messageId: 'm-2', text: 'It is held by customs.' });
    notReceived.when(fromSeller).then([eventFrom(fromSeller, 'MessagePosted', { messageId: 'm-2', text: 'It is held by customs.' })]);
  });

  it('refuses a mediator, the system or a stranger (NotPermitted)', () => {
    keptItem.when(postMessage({ at: day(9), by: 'mediator', messageId: 'm' })).thenFails('NotPermitted');
    keptItem.when(postMessage({ at: day(9), by: 'system', messageId: 'm' })).thenFails('NotPermitted');
    keptItem.when(postMessage({ at: day(9), by: { role: 'buyer', id: 'buyer-7' }, messageId: 'm' })).thenFails('NotPermitted');
  });

  it('is refused once the dispute is closed (DisputeClosed)', () => {
    keptItem
      .givenCommands([cancelDispute({ at: day(9) })])
      .when(postMessage({ at: day(10), messageId: 'm' }))
      .thenFails('DisputeClosed');
  });
});
