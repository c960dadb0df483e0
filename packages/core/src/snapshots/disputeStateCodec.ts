import * as t from 'io-ts/lib/index.js';
import { DisputeId, OrderId, ProposalId, UserId } from '../codecs/ids';
import { Instant } from '../codecs/instant';
import { arrayOf, literalUnion, struct } from '../codecs/struct';
import { safeIntegerAtLeast } from '../codecs/text';
import { AppendOnlySet } from '../dispute/appendOnlySet';
import { MediationRound, Outcome, ResolutionBasis, SuspendedStatus } from '../dispute/events';
import { Liability } from '../dispute/liability';
import { OPENED_DISPUTE_STATUSES, type OpenedDispute } from '../dispute/state';
import { Actor, ChargebackOutcome, Deadline, DisputeKind, ExternalRefundMethod, OrderSnapshot, Party, Reason, ReturnCondition } from '../dispute/vocabulary';
import { Money } from '../money/money';
import { DisputePolicy } from '../policy/policy';

/**
 * An `AppendOnlySet` as the array of its members, in the order they were added. Decoding rebuilds
 * the set by adding them one by one, so it does not depend on the set's internals.
 */
const AppendOnlySetCodec = new t.Type<AppendOnlySet, ReadonlyArray<string>, unknown>(
  'AppendOnlySet',
  (u): u is AppendOnlySet => u instanceof AppendOnlySet,
  (u, c) => {
    if (!Array.isArray(u) || !u.every((member) => typeof member === 'string')) return t.failure(u, c, 'an array of strings');
    let set = AppendOnlySet.empty();
    for (const member of u as ReadonlyArray<string>) set = set.add(member);
    return set.size === u.length ? t.success(set) : t.failure(u, c, 'an array of distinct strings');
  },
  (set) => [...set],
);

const Count = safeIntegerAtLeast(0, 'Count');

const ProposalView = struct(
  'ProposalView',
  {
    proposalId: ProposalId,
    by: Actor,
    amount: Money,
    returnRequired: t.boolean,
    madeAt: Instant,
    status: literalUnion('ProposalStatus', ['OPEN', 'SUPERSEDED', 'REJECTED', 'ACCEPTED'] as const),
  },
  { returnShippingPaidBy: Party },
);

const OpenEvidenceRequest = struct('OpenEvidenceRequest', { requestId: t.string, from: Party, requestedAt: Instant, dueAt: Instant });

const PendingReturn = struct(
  'PendingReturn',
  { basis: ResolutionBasis, refund: Money },
  {
    returnShippingPaidBy: Party,
    shipped: struct('ReturnShipment', { carrier: t.string, trackingNumber: t.string, at: Instant }),
    condition: ReturnCondition,
  },
);

const Resolution = struct('Resolution', {
  outcome: literalUnion('ResolutionOutcome', ['BUYER_FAVOUR', 'SELLER_FAVOUR'] as const),
  basis: ResolutionBasis,
  refund: Money,
  isFullRefund: t.boolean,
  at: Instant,
  liability: Liability,
});

const CoverFacts = struct('CoverFacts', { sellerSilent: t.boolean, sellerTrackingBeforeEscalation: t.boolean }, { escalatedAt: Instant });

const PayoutHold = struct('PayoutHold', { amount: Money }, { released: Money });

const ExternalRefund = struct('ExternalRefund', { refundRef: t.string, amount: Money, method: ExternalRefundMethod, by: Actor, at: Instant });

const Chargeback = struct(
  'Chargeback',
  { provider: t.string, caseId: t.string, amount: Money, dueBy: Instant, openedAt: Instant, suspendedFrom: SuspendedStatus },
  { outcome: ChargebackOutcome, lost: Money },
);

const IssuedRefund = struct('IssuedRefund', { refundId: t.string, amount: Money, gatewayReference: t.string, at: Instant });

/**
 * The io-ts codec of an opened dispute's state, as a snapshot stores it: every field of
 * `OpenedDispute`, unknown keys refused (a state of another shape does not decode), the `seen` sets
 * as arrays and money as integer minor units. Built on the public `OpenedDispute` type only.
 */
export const OpenedDisputeCodec = struct(
  'OpenedDispute',
  {
    status: literalUnion('DisputeStatus', OPENED_DISPUTE_STATUSES),
    version: safeIntegerAtLeast(1, 'Version'),
    disputeId: DisputeId,
    orderId: OrderId,
    buyerId: UserId,
    sellerId: UserId,
    order: OrderSnapshot,
    kind: DisputeKind,
    itemReceived: t.boolean,
    reason: Reason,
    description: t.string,
    policy: DisputePolicy,
    refundable: Money,
    requested: Money,
    refunded: Money,
    openedAt: Instant,
    lastEventAt: Instant,
    proposals: arrayOf(ProposalView),
    currentProposals: struct('CurrentProposals', {}, { buyer: ProposalId, seller: ProposalId, mediator: ProposalId }),
    buyerRevisions: Count,
    evidenceCount: struct('EvidenceCount', { buyer: Count, seller: Count }),
    deadlines: arrayOf(Deadline),
    escalated: t.boolean,
    escalations: Count,
    ruledInRound: t.boolean,
    settled: t.boolean,
    openEvidenceRequests: arrayOf(OpenEvidenceRequest),
    refundFailures: Count,
    cancelled: t.boolean,
    coverFacts: CoverFacts,
    seen: struct('SeenIds', { commandIds: AppendOnlySetCodec, proposalIds: AppendOnlySetCodec, evidenceIds: AppendOnlySetCodec, requestIds: AppendOnlySetCodec }),
  },
  {
    mediationRound: MediationRound,
    acceptedProposalId: ProposalId,
    pendingReturn: PendingReturn,
    resolution: Resolution,
    refund: IssuedRefund,
    payoutHold: PayoutHold,
    outcome: Outcome,
    closedAt: Instant,
    rulingLiability: Liability,
    externallyRefunded: Money,
    externalRefunds: arrayOf(ExternalRefund),
    chargebacks: arrayOf(Chargeback),
    chargedBack: Money,
  },
);

/** Compile-time proof that the codec's type and `OpenedDispute` are the same (a new field breaks the build). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
const sameShape: Same<t.TypeOf<typeof OpenedDisputeCodec>, OpenedDispute> = true;
void sameShape;
