import type { DisputePolicy } from '../../policy/policy';
import type { DisputeEvent, EventOf, EventType } from '../events';
import type { DeadlineKind, Role } from '../vocabulary';
import { expiryInCommand, inCommand, report, type Audit, type EventCheck, type AuditedDispute } from './audit';

/** The actor rules A1–A2: each event is caused by whom it may be, and the parties are the order's. */

/** The deadline kind whose expiry causes each automatic escalation or resolution. */
const EXPIRY_CAUSE: Readonly<Record<string, DeadlineKind>> = {
  SELLER_SILENCE: 'SELLER_RESPONSE',
  BUYER_SILENCE: 'BUYER_RESPONSE',
  NEGOTIATION_EXPIRED: 'NEGOTIATION_WINDOW',
  RETURN_RECEIPT_SILENCE: 'RETURN_RECEIPT',
  RETURN_NOT_SHIPPED: 'RETURN_SHIPMENT',
};

/** What a role rule may ask: the audit (for the command's other events), the policy, and two ready-made complaints. */
interface RoleCheck {
  readonly audit: Audit;
  readonly policy: DisputePolicy;
  readonly role: Role;
  /** A complaint unless the event's actor has one of these roles. */
  readonly only: (...roles: Role[]) => string | undefined;
  /** A complaint unless the command holds one of these events. */
  readonly consequenceOf: (...causes: EventType[]) => string | undefined;
}

type RoleRule<E extends DisputeEvent> = (event: E, c: RoleCheck) => string | undefined;

const returnDisputed = (c: RoleCheck): boolean =>
  inCommand(c.audit, 'ReturnReceived', (e) => e.type === 'ReturnReceived' && e.data.condition !== 'AS_EXPECTED') !== undefined;
const returnConfirmed = (c: RoleCheck): boolean =>
  inCommand(c.audit, 'ReturnReceived', (e) => e.type === 'ReturnReceived' && e.data.condition === 'AS_EXPECTED') !== undefined;

const acceptedBy: RoleRule<EventOf<'ProposalAccepted'>> = (event, c) => {
  const onBehalfOf = event.data.onBehalfOf;
  if (c.role !== 'system') {
    return c.only('buyer', 'seller') ?? (onBehalfOf === undefined ? undefined : `A ${c.role} cannot accept on behalf of the ${onBehalfOf}.`);
  }
  if (onBehalfOf === undefined) return 'The system accepted a proposal without naming the silent party it accepted for.';
  const kind: DeadlineKind = onBehalfOf === 'seller' ? 'SELLER_RESPONSE' : 'BUYER_RESPONSE';
  return expiryInCommand(c.audit, kind) ? undefined : `The system accepted on the ${onBehalfOf}'s behalf without a ${kind} expiry in the same command.`;
};

const escalatedBy: RoleRule<EventOf<'Escalated'>> = (event, c) => {
  const reason = event.data.reason;
  if (reason === 'BUYER_REQUEST') return c.only('buyer');
  if (reason === 'SELLER_REQUEST') {
    return c.only('seller') ?? (c.policy.sellerMayEscalate ? undefined : `Under the ${c.policy.name} policy the seller may not escalate.`);
  }
  if (reason === 'RETURN_DISPUTED') {
    return (
      c.only('seller') ??
      (returnDisputed(c) ? undefined : 'A RETURN_DISPUTED escalation must follow a return received in a disputed condition, in the same command.')
    );
  }
  const kind = EXPIRY_CAUSE[reason];
  return c.only('system') ?? (kind !== undefined && expiryInCommand(c.audit, kind) ? undefined : `A ${reason} escalation must follow a ${kind} expiry in the same command.`);
};

const ruledBy: RoleRule<EventOf<'RulingIssued'>> = (_event, c) => {
  if (c.role !== 'system') return c.only('mediator');
  if (!c.policy.autoRuleAgainstSilentParty) return `The system ruled, but the ${c.policy.name} policy does not rule against silent parties.`;
  return expiryInCommand(c.audit, 'EVIDENCE_REQUEST') ? undefined : 'The system ruled without an EVIDENCE_REQUEST expiry in the same command.';
};

const resolvedBy: RoleRule<EventOf<'Resolved'>> = (event, c) => {
  const basis = event.data.basis;
  if (basis === 'AGREEMENT') {
    return inCommand(c.audit, 'ProposalAccepted', (e) => e.data.by.role !== 'system')
      ? undefined
      : 'A resolution by AGREEMENT must follow a party\'s acceptance in the same command.';
  }
  if (basis === 'RULING') return c.consequenceOf('RulingIssued');
  if (basis === 'EXTERNAL_REFUND') return c.consequenceOf('ExternalRefundRecorded');
  if (basis === 'CHARGEBACK') return c.consequenceOf('ChargebackDecided');
  if (basis === 'RETURN_CONFIRMED') {
    return returnConfirmed(c) ? undefined : 'A RETURN_CONFIRMED resolution must follow a return received as expected, in the same command.';
  }
  const kind = EXPIRY_CAUSE[basis];
  return kind !== undefined && expiryInCommand(c.audit, kind) ? undefined : `A ${basis} resolution must follow a ${kind} expiry in the same command.`;
};

const cancelledBy: RoleRule<EventOf<'DisputeCancelled'>> = (event, c) => {
  if (event.data.reason === 'BUYER_WITHDREW') return c.only('buyer');
  return (
    c.only('system') ??
    (expiryInCommand(c.audit, 'NEGOTIATION_WINDOW') ? undefined : 'A NEGOTIATION_EXPIRED cancellation must follow a NEGOTIATION_WINDOW expiry in the same command.')
  );
};

const parties: RoleRule<DisputeEvent> = (_event, c) => c.only('buyer', 'seller');
const system: RoleRule<DisputeEvent> = (_event, c) => c.only('system');

/** Who may cause each event type (A1), so that a new event type does not compile until its actors are named. */
const ROLE_RULES: { readonly [K in EventType]: RoleRule<EventOf<K>> } = {
  DisputeOpened: (_event, c) => c.only('buyer'),
  ProposalMade: (_event, c) => c.only('buyer', 'seller', 'mediator'),
  ProposalAccepted: acceptedBy,
  ProposalRejected: parties,
  EvidenceSubmitted: parties,
  EvidenceRequested: (_event, c) => c.only('mediator'),
  MessagePosted: parties,
  Escalated: escalatedBy,
  RulingIssued: ruledBy,
  ReturnRequested: (_event, c) => c.consequenceOf('ProposalAccepted', 'RulingIssued'),
  ReturnShipped: (_event, c) => c.only('buyer'),
  ReturnReceived: (_event, c) => c.only('seller'),
  DeadlineExpired: system,
  Resolved: resolvedBy,
  RefundIssued: system,
  RefundFailed: system,
  DisputeCancelled: cancelledBy,
  DisputeClosed: (_event, c) => c.consequenceOf('Resolved', 'DisputeCancelled', 'RefundIssued', 'ExternalRefundRecorded', 'RulingRevised', 'ChargebackOpened', 'ChargebackDecided'),
  RefundBlocked: system,
  RefundRetried: (_event, c) => c.only('mediator'),
  PayoutHoldPlaced: (_event, c) => c.consequenceOf('DisputeOpened'),
  PayoutHoldReleased: (_event, c) => c.consequenceOf('Resolved', 'DisputeCancelled', 'RefundIssued', 'ExternalRefundRecorded', 'RulingRevised', 'ChargebackOpened', 'ChargebackDecided'),
  ExternalRefundRecorded: (_event, c) => c.only('seller', 'system', 'mediator'),
  RulingRevised: (_event, c) => c.only('mediator'),
  ChargebackOpened: system,
  ChargebackDecided: system,
};

/** Who may have caused the event (A1), given the command's events read before it. Returns a complaint, or undefined. */
export const roleProblem = (audit: Audit, event: DisputeEvent, policy: DisputePolicy): string | undefined => {
  const role = event.data.by.role;
  const check: RoleCheck = {
    audit,
    policy,
    role,
    only: (...roles) => (roles.includes(role) ? undefined : `${event.type} was caused by a ${role}; only ${roles.join(' or ')} may cause it.`),
    consequenceOf: (...causes) =>
      causes.some((cause) => inCommand(audit, cause) !== undefined)
        ? undefined
        : `${event.type} is only the consequence of ${causes.join(' or ')} in the same command, and there is none.`,
  };
  return (ROLE_RULES[event.type] as RoleRule<DisputeEvent>)(event, check);
};

/** A1–A2 on the opening: the buyer opens, and is the order's buyer. */
export const checkOpener = (audit: Audit, event: EventOf<'DisputeOpened'>, index: number, dispute: AuditedDispute): void => {
  const problem = roleProblem(audit, event, dispute.policy);
  if (problem !== undefined) report(audit, 'A1', problem, index);
  if (event.data.by.role === 'buyer' && event.data.by.id !== dispute.buyerId) {
    report(audit, 'A2', `${event.data.by.id} opened the dispute, but the order's buyer is ${dispute.buyerId}.`, index);
  }
};

/** A2 (the parties are the order's) and A1 (no party mediates; each event by whom it may be) on every later event. */
export const checkActors = (c: EventCheck, event: DisputeEvent): void => {
  const { by } = event.data;
  const d = c.dispute;
  if (by.role === 'buyer' && by.id !== d.buyerId) c.report('A2', `${by.id} acted as buyer, but the order's buyer is ${d.buyerId}.`);
  if (by.role === 'seller' && by.id !== d.sellerId) c.report('A2', `${by.id} acted as seller, but the order's seller is ${d.sellerId}.`);
  if (by.role === 'mediator' && (by.id === d.buyerId || by.id === d.sellerId)) {
    c.report('A1', `${by.id} is a party to this dispute and cannot act as its mediator.`);
  }
  const problem = roleProblem(c.audit, event, d.policy);
  if (problem !== undefined) c.report('A1', problem);
};
