import { formatMoney, type StateSnapshot } from '@disputekit/core';
import { when } from '../render/format';

/** One row of the state table shown after an event: a field and its value in words. */
export interface StateRow {
  readonly field: string;
  readonly value: string;
}

/** The auditor's state as rows of words (status, money, proposals, deadlines, flags). Pure. */
export const stateRows = (state: StateSnapshot): ReadonlyArray<StateRow> => [
  { field: 'status', value: state.status },
  { field: 'outcome', value: state.outcome ?? '—' },
  { field: 'refundable', value: state.refundable === undefined ? '—' : formatMoney(state.refundable) },
  { field: 'refunded', value: state.refunded === undefined ? '—' : formatMoney(state.refunded) },
  {
    field: 'open proposals',
    value:
      state.openProposals.length === 0
        ? 'none'
        : state.openProposals.map((p) => `${p.proposalId} by ${p.by.role} ${p.by.id}: ${formatMoney(p.amount)}${p.returnRequired ? ', with a return' : ''}`).join('; '),
  },
  {
    field: 'running deadlines',
    value: state.deadlines.length === 0 ? 'none' : state.deadlines.map((d) => `${d.kind}${d.party === undefined ? '' : ` (${d.party})`} due ${when(d.dueAt)}`).join('; '),
  },
  { field: 'escalated', value: state.escalated ? 'yes' : 'no' },
  { field: 'settled', value: state.settled ? 'yes' : 'no' },
];

/** The fields whose value differs between two row lists (all of them when there is no `before`). */
export const changedFields = (before: ReadonlyArray<StateRow> | undefined, after: ReadonlyArray<StateRow>): ReadonlySet<string> => {
  const old = new Map((before ?? []).map((r) => [r.field, r.value]));
  return new Set(after.filter((r) => old.get(r.field) !== r.value).map((r) => r.field));
};
