import type { DisputeState, DisputeStatus, ProposalView } from '../dispute/state';
import type { Outcome } from '../dispute/events';
import type { Deadline } from '../dispute/vocabulary';
import type { Money } from '../money/money';

/** A proposal that can still be accepted, as an audit shows it. */
export interface OpenProposal {
  readonly proposalId: string;
  readonly by: ProposalView['by'];
  readonly amount: Money;
  readonly returnRequired: boolean;
}

/** The parts of a dispute's state an auditor reads: status, money, open proposals, running deadlines, outcome. */
export interface StateSnapshot {
  /** The number of events folded into it. */
  readonly version: number;
  readonly status: DisputeStatus;
  readonly refundable?: Money;
  /** What the gateway refunded. */
  readonly refunded?: Money;
  /** What the seller refunded outside the gateway (decision 0005), when anything. */
  readonly refundedElsewhere?: Money;
  /** What lost chargebacks gave back through the card issuer (decision 0006), when anything. */
  readonly chargedBack?: Money;
  readonly openProposals: ReadonlyArray<OpenProposal>;
  readonly deadlines: ReadonlyArray<Deadline>;
  readonly escalated: boolean;
  readonly settled: boolean;
  readonly outcome?: Outcome;
}

/** The auditor's view of a state (see `StateSnapshot`). Pure. */
export const snapshotState = (state: DisputeState): StateSnapshot => {
  if (state.status === 'NONE') return { version: 0, status: 'NONE', openProposals: [], deadlines: [], escalated: false, settled: false };
  return {
    version: state.version,
    status: state.status,
    refundable: state.refundable,
    refunded: state.refunded,
    ...(state.externallyRefunded === undefined || state.externallyRefunded.amount === 0 ? {} : { refundedElsewhere: state.externallyRefunded }),
    ...(state.chargedBack === undefined || state.chargedBack.amount === 0 ? {} : { chargedBack: state.chargedBack }),
    openProposals: state.proposals
      .filter((p) => p.status === 'OPEN')
      .map((p) => ({ proposalId: p.proposalId, by: p.by, amount: p.amount, returnRequired: p.returnRequired })),
    deadlines: state.deadlines,
    escalated: state.escalated,
    settled: state.settled,
    ...(state.outcome === undefined ? {} : { outcome: state.outcome }),
  };
};
