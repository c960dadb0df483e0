import type { Instant } from '../../codecs/instant';
import type { Money } from '../../money/money';
import type { CommandType } from '../commands';
import type { LiabilityCause } from '../liability';
import type { OpenEvidenceRequest, ProposalView } from '../state';
import type { Deadline, Party, ReturnCondition, RulingOutcome } from '../vocabulary';

/** An inclusive range of minor units in the dispute's currency. */
export interface AmountRange {
  readonly min: number;
  readonly max: number;
  readonly currency: string;
}

/** One shape of proposal the actor may make: with or without a return, and the amounts allowed for it. */
export interface ProposalTerms {
  readonly returnRequired: boolean;
  readonly amount: AmountRange;
}

/**
 * Who pays a ruled refund (decision 0007). Without a split the whole refund falls on `payer` and the
 * events record `cause`; a mediator may instead give `liability{seller, platform}` (cause
 * `MEDIATOR`): each part from 0 to the refund, in the refund's currency, together the refund.
 */
export interface RulingLiabilityBounds {
  readonly withoutSplit: { readonly payer: 'SELLER' | 'PLATFORM'; readonly cause: LiabilityCause };
}

/** One kind of ruling a mediator may issue, the refunds allowed for it, and who would pay them. */
export interface RulingOption {
  readonly outcome: RulingOutcome;
  readonly returnRequired: boolean;
  readonly refund: AmountRange;
  readonly liability: RulingLiabilityBounds;
}

/**
 * What bounds each command, keyed by command type: a new command type does not compile until it
 * is listed here and in the rules table. Every id the command carries (`commandId`, `proposalId`,
 * `evidenceId`, `requestId`) must be new in the dispute; `at` is the instant asked about.
 */
export interface ActionBounds {
  /** Only for a stream with no dispute yet: the opening rules depend on the order, and `decide` checks them. */
  readonly OpenDispute: { readonly dependsOnOrder: true };
  /** The terms allowed (pick one, an amount inside its range); `revisionsLeft` for a buyer under a revision limit. */
  readonly MakeProposal: { readonly terms: ReadonlyArray<ProposalTerms>; readonly revisionsLeft?: number };
  /** The proposals this actor may accept (current, not their own, binding for them). */
  readonly AcceptProposal: { readonly proposals: ReadonlyArray<ProposalView> };
  /** The proposals this actor may reject (current, not their own). */
  readonly RejectProposal: { readonly proposals: ReadonlyArray<ProposalView> };
  /** How many more pieces the party may attach, and the mediator's request it would answer (evidence required). */
  readonly SubmitEvidence: { readonly remaining: number | 'UNLIMITED'; readonly answersRequest?: OpenEvidenceRequest };
  readonly PostMessage: Record<string, never>;
  /** The earliest instant escalation was allowed from (it is allowed now). */
  readonly Escalate: { readonly earliest: Instant };
  /** The parties that may be asked (no open request yet). */
  readonly RequestEvidence: { readonly from: ReadonlyArray<Party> };
  readonly IssueRuling: { readonly options: ReadonlyArray<RulingOption> };
  readonly CancelDispute: Record<string, never>;
  /** The return must be shipped strictly before `before` (the RETURN_SHIPMENT deadline), when one runs. */
  readonly MarkReturnShipped: { readonly before?: Instant };
  readonly ConfirmReturnReceived: { readonly conditions: ReadonlyArray<ReturnCondition> };
  /** The running deadlines that are due at `at`: send one of them (`kind`, `dueAt`, and `party` when it has one). */
  readonly ExpireDeadline: { readonly due: ReadonlyArray<Deadline> };
  /** The refund must be exactly this amount. */
  readonly IssueRefund: { readonly amount: Money };
  /** Any attempt number ≥ 1; `nextAttempt` is the one after the failures recorded so far. */
  readonly RecordRefundFailure: { readonly nextAttempt: number };
  /** A blocked refund may be sent back for another round of attempts. */
  readonly RetryRefund: Record<string, never>;
  /**
   * The amount a refund made elsewhere may have (the `refundRef` must be new in the dispute); one of
   * `covers` ends the dispute. Before the refund is due the range is exactly `covers`.
   */
  readonly RecordExternalRefund: { readonly amount: AmountRange; readonly covers: number };
  /** The rulings a mediator may give again on a blocked refund (never with a return, never below what was refunded elsewhere). */
  readonly RuleAgain: { readonly options: ReadonlyArray<RulingOption> };
  /**
   * The amount a chargeback may dispute (what may still go back to the buyer; the `caseId` must be new
   * in the dispute), and the instant its `dueBy` must be after. Not while another chargeback is open.
   */
  readonly RecordChargeback: { readonly amount: AmountRange; readonly dueAfter: Instant };
  /** The open chargeback's case, and what a loss may give back (a win gives back 0). */
  readonly RecordChargebackOutcome: { readonly caseId: string; readonly lost: AmountRange };
}

/** A command the actor may send now, with what bounds it. */
export type AvailableAction = {
  [K in CommandType]: {
    readonly type: K;
    readonly bounds: ActionBounds[K];
    /** The running deadline this action answers for the actor (act before it, or the policy decides). */
    readonly deadline?: Deadline;
  };
}[CommandType];

/** The available action of one type. */
export type AvailableActionOf<K extends CommandType> = Extract<AvailableAction, { readonly type: K }>;
