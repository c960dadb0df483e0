/**
 * The rule behind each kind of event, in plain words, for the HTML timeline: what the process
 * rules (docs/concepts/process-rules.md) say about it. Words only; the rules themselves are
 * enforced by the decider and checked by `checkHistory`.
 */
const RULES: Readonly<Record<string, string>> = {
  DisputeOpened:
    'Only the order’s buyer may open a dispute, inside the policy’s protection window. Refundable is frozen now (paid − already refunded); nothing later may exceed it. The seller must answer before SELLER_RESPONSE.',
  ProposalMade:
    'A new proposal replaces the same party’s previous one. Buyer and seller may propose during negotiation and mediation; a mediator only under mediation. It never exceeds refundable.',
  ProposalAccepted:
    'Only the other side may accept, and only a current proposal. Acceptance is the one agreement: it settles the dispute (a refund, or a return first).',
  ProposalRejected: 'Only the other party may reject a current proposal; the turn passes back and a response deadline starts.',
  EvidenceSubmitted: 'Buyer or seller may submit evidence any time before closing (metadata only: a URI and a SHA-256).',
  EvidenceRequested: 'Only a mediator, under mediation, may ask a party for evidence; the party has until EVIDENCE_REQUEST to answer.',
  MessagePosted: 'Buyer or seller may write any time before closing; a message changes nothing else.',
  Escalated:
    'The buyer (the seller too if the policy allows) may escalate during negotiation, not before escalateEarliestAfter; silence or the negotiation window can escalate too. It never goes back to negotiation.',
  RulingIssued: 'Only a mediator rules, under mediation, once per round, and the ruling binds. The refund ruled never exceeds refundable.',
  ReturnRequested: 'An outcome that needs the item back starts the return phase: the buyer must ship before RETURN_SHIPMENT or the seller wins.',
  ReturnShipped: 'Only the buyer marks the return shipped, with tracking, before the return deadline; the seller has until RETURN_RECEIPT to confirm.',
  ReturnReceived: 'Only the seller confirms receipt, after the return was shipped; received as expected, the refund goes out; disputed, a second mediation round starts.',
  DeadlineExpired:
    'Deadlines are fixed when started and never recomputed. The scheduler (system) fires one when due; an early, stale or repeated firing is refused. What silence does depends on the policy.',
  Resolved: 'Exactly one resolution: the amount owed is fixed now and a refund, if any, must equal it.',
  RefundIssued: 'Only the system pays, at most once, exactly the resolved amount, never after a cancellation or a decision for the seller.',
  RefundFailed: 'A failed payment is recorded by the system; a retryable one is tried again, and nothing is paid twice.',
  DisputeCancelled: 'Only the buyer may cancel, and only before any agreement or ruling.',
  DisputeClosed: 'A closed dispute accepts no command and never reopens; a resolution, a cancellation or (under onChargeback CLOSE) a chargeback led here.',
  ExternalRefundRecorded:
    'The seller or the system (a mediator while the refund is blocked) records money the buyer got back outside the gateway: partial once the refund is due, otherwise it must cover what is at stake and ends the dispute. Gateway plus elsewhere never exceeds what was resolved (M7).',
  RulingRevised:
    'Only a mediator, only while the refund is blocked, rules again: the new ruling replaces the resolution; for the seller it closes, for the buyer the refund is due again, never below what was refunded elsewhere.',
  ChargebackOpened:
    'Only the system records a chargeback, one open at a time, for no more than may still be refunded. Under onChargeback SUSPEND the dispute waits (no refund, only messages and evidence) until the card network decides, with a REPRESENTMENT deadline at its due date; under CLOSE the dispute closes.',
  ChargebackDecided:
    'Only the system records the card network’s decision, once per chargeback. Won: nothing goes back and the dispute resumes. Lost: the amount counts as given back, so gateway + elsewhere + lost chargebacks never exceed refundable (M8); when it covers what is due the dispute closes.',
};

/** The rule context of an event type in plain words, or a note that the event is not a dispute event. */
export const ruleContext = (type: string): string => RULES[type] ?? 'Not a dispute event: no process rule applies to it.';
