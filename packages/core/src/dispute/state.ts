import type { Instant } from '../codecs/instant';
import type { DisputeId, OrderId, ProposalId, UserId } from '../codecs/ids';
import type { Money } from '../money/money';
import type { DisputePolicy } from '../policy/policy';
import type { AppendOnlySet } from './appendOnlySet';
import type { Liability } from './liability';
import type { MediationRound, Outcome, ResolutionBasis, SuspendedStatus } from './events';
import type { Actor, ChargebackOutcome, Deadline, DisputeKind, ExternalRefundMethod, OrderSnapshot, Party, Reason, ReturnCondition } from './vocabulary';

/** Every status an opened dispute can be in (process rules §3), in the order a dispute usually moves through them. */
export const OPENED_DISPUTE_STATUSES = [
  'AWAITING_SELLER',
  'AWAITING_BUYER',
  'UNDER_MEDIATION',
  'AWAITING_RETURN_SHIPMENT',
  'AWAITING_RETURN_RECEIPT',
  'AWAITING_REFUND',
  'REFUND_BLOCKED',
  'CHARGEBACK_OPEN',
  'CLOSED',
] as const;

/** Where a dispute stands (process rules §3). `NONE` means no dispute has been opened in this stream. */
export type DisputeStatus = 'NONE' | (typeof OPENED_DISPUTE_STATUSES)[number];

/** Where a proposal stands. */
export type ProposalStatus = 'OPEN' | 'SUPERSEDED' | 'REJECTED' | 'ACCEPTED';

/** A proposal as the state shows it. The buyer's opening request is the first one. */
export interface ProposalView {
  readonly proposalId: ProposalId;
  readonly by: Actor;
  readonly amount: Money;
  readonly returnRequired: boolean;
  readonly returnShippingPaidBy?: Party;
  readonly madeAt: Instant;
  readonly status: ProposalStatus;
}

/** An evidence request a party has not answered yet. */
export interface OpenEvidenceRequest {
  readonly requestId: string;
  readonly from: Party;
  readonly requestedAt: Instant;
  readonly dueAt: Instant;
}

/** The terms agreed or ruled, while a return is pending. */
export interface PendingReturn {
  readonly basis: ResolutionBasis;
  readonly refund: Money;
  readonly returnShippingPaidBy?: Party;
  readonly shipped?: { readonly carrier: string; readonly trackingNumber: string; readonly at: Instant };
  readonly condition?: ReturnCondition;
}

/** How the dispute was decided. */
export interface Resolution {
  readonly outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR';
  readonly basis: ResolutionBasis;
  readonly refund: Money;
  readonly isFullRefund: boolean;
  readonly at: Instant;
  /** Who pays the refund (a resolution stored before liability existed: all on the seller). */
  readonly liability: Liability;
}

/** The refund that went out. */
export interface IssuedRefund {
  readonly refundId: string;
  readonly amount: Money;
  readonly gatewayReference: string;
  readonly at: Instant;
}

/** The part of the seller's payout held while the dispute runs, and what its release gave back. */
export interface PayoutHold {
  readonly amount: Money;
  /** What went back to the seller's payout when the dispute ended (absent until then). */
  readonly released?: Money;
}

/** What the policy's platform-cover rules (`LiabilityPolicy`) look at, gathered as the dispute runs. */
export interface CoverFacts {
  /** The seller let one of its own deadlines pass (`SELLER_RESPONSE`, `RETURN_RECEIPT`, an evidence request to the seller). */
  readonly sellerSilent: boolean;
  /** The seller attached `TRACKING` evidence before the dispute first went to mediation. */
  readonly sellerTrackingBeforeEscalation: boolean;
  /** When the dispute last went to mediation, if it did. */
  readonly escalatedAt?: Instant;
}

/** A refund the buyer got outside the dispute's gateway (`ExternalRefundRecorded`). */
export interface ExternalRefund {
  readonly refundRef: string;
  readonly amount: Money;
  readonly method: ExternalRefundMethod;
  readonly by: Actor;
  readonly at: Instant;
}

/** A chargeback the buyer filed with the card issuer (`ChargebackOpened`), and its outcome once decided. */
export interface Chargeback {
  readonly provider: string;
  readonly caseId: string;
  readonly amount: Money;
  readonly dueBy: Instant;
  readonly openedAt: Instant;
  /** The status the chargeback suspended (the one the dispute resumes). */
  readonly suspendedFrom: SuspendedStatus;
  /** What the card network decided (absent while the chargeback is open). */
  readonly outcome?: ChargebackOutcome;
  /** What a lost chargeback gave back to the buyer (absent while open). */
  readonly lost?: Money;
}

/** Before `DisputeOpened`: there is no dispute in this stream. */
export interface NoDispute {
  readonly status: 'NONE';
  readonly version: 0;
}

/** A dispute that has been opened, folded from its events. */
export interface OpenedDispute {
  readonly status: Exclude<DisputeStatus, 'NONE'>;
  /** Number of events folded. */
  readonly version: number;
  readonly disputeId: DisputeId;
  readonly orderId: OrderId;
  readonly buyerId: UserId;
  readonly sellerId: UserId;
  readonly order: OrderSnapshot;
  readonly kind: DisputeKind;
  readonly itemReceived: boolean;
  readonly reason: Reason;
  readonly description: string;
  /** The policy in force, stored in `DisputeOpened`. */
  readonly policy: DisputePolicy;
  /** `paid − alreadyRefunded`, fixed at opening. */
  readonly refundable: Money;
  /** What the buyer asked for when opening. */
  readonly requested: Money;
  /** What has been refunded by this dispute (0 until `RefundIssued`). */
  readonly refunded: Money;
  readonly openedAt: Instant;
  /** The `at` of the latest event; commands may not go back before it. */
  readonly lastEventAt: Instant;
  /** Every proposal, oldest first. */
  readonly proposals: ReadonlyArray<ProposalView>;
  /** The current proposal of each author, if any. */
  readonly currentProposals: Readonly<Partial<Record<'buyer' | 'seller' | 'mediator', ProposalId>>>;
  /** Proposals the buyer made after the opening request. */
  readonly buyerRevisions: number;
  /** Evidence items each party has attached (the opening's count for the buyer). */
  readonly evidenceCount: Readonly<Record<Party, number>>;
  /** Running deadlines; at most one per kind (per party for `EVIDENCE_REQUEST`). */
  readonly deadlines: ReadonlyArray<Deadline>;
  /** True once the dispute has gone to mediation. */
  readonly escalated: boolean;
  /** Number of `Escalated` events. */
  readonly escalations: number;
  /** The mediation round under way or last held, if any. */
  readonly mediationRound?: MediationRound;
  /** True once a ruling has been issued in the current mediation round. */
  readonly ruledInRound: boolean;
  /** True once a proposal was accepted or a ruling issued: no more proposals, rejections or cancel. */
  readonly settled: boolean;
  readonly acceptedProposalId?: ProposalId;
  readonly openEvidenceRequests: ReadonlyArray<OpenEvidenceRequest>;
  readonly pendingReturn?: PendingReturn;
  readonly resolution?: Resolution;
  readonly refund?: IssuedRefund;
  readonly refundFailures: number;
  readonly cancelled: boolean;
  /** How it ended, once `CLOSED`. */
  readonly outcome?: Outcome;
  readonly closedAt?: Instant;
  /** The seller's payout held while the dispute runs (policy `payoutHold`), if any. */
  readonly payoutHold?: PayoutHold;
  /** What the policy's platform-cover rules look at. */
  readonly coverFacts: CoverFacts;
  /** Who pays the refund of the latest ruling, kept for the resolution that follows its return. */
  readonly rulingLiability?: Liability;
  /** What the buyer got back outside the gateway (sum of `externalRefunds`); absent until the first one. */
  readonly externallyRefunded?: Money;
  /** The refunds made elsewhere, oldest first; absent until the first one. */
  readonly externalRefunds?: ReadonlyArray<ExternalRefund>;
  /** The chargebacks filed with the card issuer, oldest first; absent until the first one. */
  readonly chargebacks?: ReadonlyArray<Chargeback>;
  /** What lost chargebacks gave back to the buyer (sum of their `lost`); absent until the first one lost. */
  readonly chargedBack?: Money;
  /** Ids already used in this dispute (commands for idempotency; proposals, evidence, requests for uniqueness). */
  readonly seen: {
    readonly commandIds: AppendOnlySet;
    readonly proposalIds: AppendOnlySet;
    readonly evidenceIds: AppendOnlySet;
    readonly requestIds: AppendOnlySet;
  };
}

/** The state of one dispute stream. */
export type DisputeState = NoDispute | OpenedDispute;

/** The state before any event: no dispute. */
export const initialState: DisputeState = { status: 'NONE', version: 0 };

/** True when the dispute is closed: every command is refused. */
export const isTerminal = (state: DisputeState): boolean => state.status === 'CLOSED';

/** True when the dispute has been opened. */
export const isOpened = (state: DisputeState): state is OpenedDispute => state.status !== 'NONE';
