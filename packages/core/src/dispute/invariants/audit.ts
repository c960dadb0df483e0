import type { Money } from '../../money/money';
import type { DisputePolicy } from '../../policy/policy';
import type { DisputeEvent, EventType } from '../events';
import type { Liability } from '../liability';
import type { ProposalAuthor } from '../proposalAuthor';
import { initialState, type DisputeState, type DisputeStatus } from '../state';
import type { Deadline, DeadlineKind, Party } from '../vocabulary';
import type { InvariantRule, Violation } from './violation';

/** Where a proposal the auditor tracks stands. */
type ProposalStatus = 'OPEN' | 'SUPERSEDED' | 'REJECTED' | 'ACCEPTED';

/** A proposal as the auditor tracks it: whose, its terms, where it stands. */
export interface TrackedProposal {
  readonly author: ProposalAuthor;
  readonly amount: Money;
  readonly returnRequired: boolean;
  status: ProposalStatus;
}

/** What the auditor learns from `DisputeOpened` and keeps for the rest of the history. */
export interface AuditedDispute {
  readonly disputeId: string;
  readonly buyerId: string;
  readonly sellerId: string;
  readonly currency: Money['currency'];
  readonly refundable: number;
  readonly policy: DisputePolicy;
}

/** What the auditor tracks itself, independently of `evolve` (which it only asks for the status). */
export interface Tracking {
  readonly proposals: Map<string, TrackedProposal>;
  readonly current: Partial<Record<ProposalAuthor, string>>;
  running: Deadline[];
  readonly expired: Set<string>;
  escalated: boolean;
  returnEscalated: boolean;
  round: 'DISPUTE' | 'RETURN' | undefined;
  readonly rulings: { DISPUTE: number; RETURN: number };
  acceptances: number;
  settled: boolean;
  pendingReturn: { readonly refund: Money; shipped: boolean } | undefined;
  resolved: { readonly outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR'; readonly refund: Money } | undefined;
  cancelled: boolean;
  readonly refunds: Money[];
  closed: boolean;
  /** The payout hold placed at the opening, and whether it was released (M6). */
  hold: { readonly amount: Money; released: boolean } | undefined;
  /** Who pays (L1, L2): the latest ruling's liability, the one a ruled return keeps, and the seller's share of the resolution (M6). */
  readonly liability: { ruled: Liability | undefined; returned: Liability | undefined; sellerShare: number | undefined };
  /** The refunds made elsewhere (M7): their references, their total, and whether the current command must resolve. */
  readonly external: { readonly refs: Set<string>; total: number; mustResolve: boolean };
  /** The chargebacks (M8): their case ids, the one open (under SUSPEND) and the status it suspended, and what the lost ones gave back. */
  readonly chargebacks: { readonly cases: Set<string>; open: { readonly caseId: string; readonly amount: Money; readonly from: DisputeStatus } | undefined; lost: number };
}

/** An event of the command being read, with its position in the history. */
export interface Indexed {
  readonly event: DisputeEvent;
  readonly index: number;
}

/** Everything one run of `checkHistory` knows: the violations so far, the dispute, its tracking, the command being read. */
export interface Audit {
  readonly violations: Violation[];
  readonly t: Tracking;
  dispute: AuditedDispute | undefined;
  /** The state `evolve` folds, asked only for the status. */
  state: DisputeState;
  lastAt: number | undefined;
  /** The version the next versioned entry must have: one more than the version of the entry before it. */
  expectedVersion: number;
  readonly seenCommands: Set<string>;
  /** The events read so far of the current command. */
  group: Indexed[];
}

/** A fresh audit, before the first entry. */
export const newAudit = (): Audit => ({
  violations: [],
  t: {
    proposals: new Map(),
    current: {},
    running: [],
    expired: new Set(),
    escalated: false,
    returnEscalated: false,
    round: undefined,
    rulings: { DISPUTE: 0, RETURN: 0 },
    acceptances: 0,
    settled: false,
    pendingReturn: undefined,
    resolved: undefined,
    cancelled: false,
    refunds: [],
    closed: false,
    hold: undefined,
    liability: { ruled: undefined, returned: undefined, sellerShare: undefined },
    external: { refs: new Set(), total: 0, mustResolve: false },
    chargebacks: { cases: new Set(), open: undefined, lost: 0 },
  },
  dispute: undefined,
  state: initialState,
  lastAt: undefined,
  expectedVersion: 1,
  seenCommands: new Set(),
  group: [],
});

/** Records a violation, with the position of the offending event when there is one. */
export const report = (audit: Audit, rule: InvariantRule, message: string, index?: number): void => {
  audit.violations.push(index === undefined ? { rule, message } : { rule, message, index });
};

/** The first event of the current command of that type (and matching `where`), if any. */
export const inCommand = (audit: Audit, type: EventType, where: (e: DisputeEvent) => boolean = () => true): DisputeEvent | undefined =>
  audit.group.find((g) => g.event.type === type && where(g.event))?.event;

/** Whether the current command expired a deadline of that kind. */
export const expiryInCommand = (audit: Audit, kind: DeadlineKind): boolean =>
  inCommand(audit, 'DeadlineExpired', (e) => e.type === 'DeadlineExpired' && e.data.kind === kind) !== undefined;

/**
 * What a per-event check needs: the audit, the dispute, where the event is, the status before it and
 * its instant; `report` records a violation at the event's position.
 */
export interface EventCheck {
  readonly audit: Audit;
  readonly t: Tracking;
  readonly dispute: AuditedDispute;
  readonly index: number;
  readonly statusBefore: DisputeStatus;
  /** The event's instant, in milliseconds. */
  readonly at: number;
  readonly report: (rule: InvariantRule, message: string) => void;
}

/** The check context of one event. */
export const eventCheck = (audit: Audit, dispute: AuditedDispute, index: number, statusBefore: DisputeStatus, at: number): EventCheck => ({
  audit,
  t: audit.t,
  dispute,
  index,
  statusBefore,
  at,
  report: (rule, message) => report(audit, rule, message, index),
});

/** A deadline slot: its kind and, for evidence requests, the party it waits for. */
export interface Slot {
  readonly kind: DeadlineKind;
  readonly party?: Party | undefined;
}

/** The key of a deadline slot: one running deadline per slot. */
export const slotKey = (d: Slot): string => `${d.kind}/${d.party ?? '-'}`;
/** The key of one deadline (a slot and a due instant), for expiries. */
export const expiryKey = (d: Slot & { readonly dueAt: string }): string => `${slotKey(d)}@${d.dueAt}`;
/** A slot in words. */
export const describeSlot = (d: Slot): string => (d.party === undefined ? d.kind : `${d.kind} (${d.party})`);
/** An amount in words. */
export const fmt = (m: Money): string => `${m.amount} ${m.currency}`;
/** Whether two amounts are the same, currency included. */
export const sameMoney = (a: Money, b: Money): boolean => a.amount === b.amount && a.currency === b.currency;
