import type { CommandHandler } from './context';
import { emit, fail } from './decision';
import { closing } from './payoutHold';

/** The buyer withdraws the dispute before it is settled: it closes, cancelled by the buyer. */
export const cancelDispute: CommandHandler<'CancelDispute'> = (c, { state: s, common }) => {
  if (s.settled) return fail('AlreadySettled', 'The dispute has already been settled by an agreement or a ruling and can no longer be cancelled.');
  return emit(
    { type: 'DisputeCancelled', data: { ...common, reason: 'BUYER_WITHDREW', ...(c.note === undefined ? {} : { note: c.note }) } },
    ...closing(s, common, 'CANCELLED_BY_BUYER', s.refunded),
  );
};
