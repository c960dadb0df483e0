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
  readonly refunded?: Money;
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
    openProposals: state.proposals
      .filter((p) => p.status === 'OPEN')
      .map((p) => ({ proposalId: p.proposalId, by: p.by, amount: p.amount, returnRequired: p.returnRequired })),
    deadlines: state.deadlines,
    escalated: state.escalated,
    settled: state.settled,
    ...(state.outcome === undefined ? {} : { outcome: state.outcome }),
  };
};
