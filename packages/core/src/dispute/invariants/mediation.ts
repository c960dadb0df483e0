import { returnPhaseEscalationReasons, type EscalationReason, type EventOf } from '../events';
import type { DisputeStatus } from '../state';
import type { EventCheck } from './audit';

/** The mediation rules: S4 (one escalation, a second only about a return), S5 (one ruling a round) and S8 (mediator acts under mediation). */

/** The statuses a dispute negotiates in: the only ones it escalates from, and never goes back to after an escalation (S4). */
export const NEGOTIATING: ReadonlyArray<DisputeStatus> = ['AWAITING_SELLER', 'AWAITING_BUYER'];
const MANUAL_REASONS: ReadonlyArray<EscalationReason> = ['BUYER_REQUEST', 'SELLER_REQUEST'];

/** An escalation: once from negotiation, and once more only about a shipped return (S4); not by hand after settlement (S5). */
export const checkEscalated = (c: EventCheck, event: EventOf<'Escalated'>): void => {
  const reason = event.data.reason;
  const t = c.t;
  if (returnPhaseEscalationReasons.includes(reason)) {
    if (t.returnEscalated) c.report('S4', 'A second escalation about the return.');
    if (t.pendingReturn === undefined || !t.pendingReturn.shipped) c.report('S4', `A ${reason} escalation without a shipped return.`);
    t.returnEscalated = true;
    t.round = 'RETURN';
  } else {
    if (t.escalated) c.report('S4', `A second escalation (${reason}); the dispute escalates once, a second time only about a return.`);
    if (!NEGOTIATING.includes(c.statusBefore)) c.report('S4', `An escalation (${reason}) while the dispute was ${c.statusBefore}, not negotiating.`);
    if (t.settled && MANUAL_REASONS.includes(reason)) c.report('S5', 'A manual escalation after the dispute was settled.');
    t.round = 'DISPUTE';
  }
  t.escalated = true;
};

/** An evidence request only under mediation (S8). */
export const checkEvidenceRequested = (c: EventCheck): void => {
  if (c.statusBefore !== 'UNDER_MEDIATION') c.report('S8', `Evidence was requested while the dispute was ${c.statusBefore}, not under mediation.`);
};

/** A ruling: under mediation (S8), once a round, of that round, not after an acceptance (S5), its refund matching its outcome (M4). */
export const checkRulingIssued = (c: EventCheck, event: EventOf<'RulingIssued'>): void => {
  const e = event.data;
  const t = c.t;
  if (c.statusBefore !== 'UNDER_MEDIATION') c.report('S8', `A ruling was issued while the dispute was ${c.statusBefore}, not under mediation.`);
  const round = t.round;
  if (round !== undefined) {
    if (t.rulings[round] > 0) c.report('S5', `A second ruling in the ${round} mediation round.`);
    if (e.round !== round) c.report('S5', `The ruling says it belongs to the ${e.round} round, but the ${round} round is under way.`);
    if (round === 'DISPUTE' && t.acceptances > 0) c.report('S5', 'A ruling after a proposal was accepted.');
    t.rulings[round] += 1;
  }
  if (e.outcome === 'SELLER_FAVOUR' && (e.refund.amount !== 0 || e.returnRequired)) {
    c.report('M4', 'A ruling in the seller\'s favour must refund nothing and require no return.');
  }
  if (e.outcome === 'BUYER_FAVOUR' && e.refund.amount === 0) c.report('M4', 'A ruling in the buyer\'s favour must refund more than zero.');
  t.settled = true;
};
