import type { DisputeEvent, EventOf, EventType } from '../events';
import type { EventCheck } from './audit';
import { checkChargebackDecided, checkChargebackOpened } from './chargebacks';
import { checkExpiry } from './deadlines';
import { checkExternalRefundRecorded, checkRulingRevised } from './externalRefunds';
import { checkHoldPlaced, checkHoldReleased } from './holds';
import { checkEscalated, checkEvidenceRequested, checkRulingIssued } from './mediation';
import { checkProposalAccepted, checkProposalMade, checkProposalRejected } from './proposals';
import { checkReturnReceived, checkReturnRequested, checkReturnShipped } from './returns';
import { checkRefundBlocked, checkRefundIssuedUnblocked, checkRefundRetried } from './refundBlocked';
import { checkCancelled, checkClosed, checkResolved } from './settlement';
import { checkResolvedLiability, checkRulingLiability, noteReturnLiability } from './liability';

type EventRule<E extends DisputeEvent> = (c: EventCheck, event: E) => void;
const nothingMore = (): void => undefined;

/**
 * The rules particular to each event type, checked after the rules every event shares; per event
 * type, so that a new event type does not compile until its rules are named here.
 */
const EVENT_RULES: { readonly [K in EventType]: EventRule<EventOf<K>> } = {
  DisputeOpened: (c) => c.report('S1', 'A second DisputeOpened: a stream holds exactly one dispute, opened by its first event.'),
  ProposalMade: checkProposalMade,
  ProposalAccepted: checkProposalAccepted,
  ProposalRejected: checkProposalRejected,
  EvidenceSubmitted: nothingMore,
  EvidenceRequested: checkEvidenceRequested,
  MessagePosted: nothingMore,
  Escalated: checkEscalated,
  RulingIssued: (c, e) => {
    checkRulingIssued(c, e);
    checkRulingLiability(c, e);
  },
  ReturnRequested: (c, e) => {
    checkReturnRequested(c, e);
    noteReturnLiability(c);
  },
  ReturnShipped: checkReturnShipped,
  ReturnReceived: checkReturnReceived,
  DeadlineExpired: checkExpiry,
  Resolved: (c, e) => {
    checkResolved(c, e);
    checkResolvedLiability(c, e);
  },
  RefundIssued: checkRefundIssuedUnblocked,
  RefundFailed: nothingMore,
  DisputeCancelled: checkCancelled,
  DisputeClosed: checkClosed,
  RefundBlocked: checkRefundBlocked,
  RefundRetried: checkRefundRetried,
  PayoutHoldPlaced: checkHoldPlaced,
  PayoutHoldReleased: checkHoldReleased,
  ExternalRefundRecorded: checkExternalRefundRecorded,
  RulingRevised: checkRulingRevised,
  ChargebackOpened: checkChargebackOpened,
  ChargebackDecided: checkChargebackDecided,
};

/** Checks the rules particular to the event's type. */
export const checkEventRules = (c: EventCheck, event: DisputeEvent): void => (EVENT_RULES[event.type] as EventRule<DisputeEvent>)(c, event);
