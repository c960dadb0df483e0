import { maxRefundFailuresOf } from '../../policy/refundBlocking';
import type { EventOf, RefundBlockReason } from '../events';
import type { CommandHandler, DecideContext } from './context';
import { emit } from './decision';
import { notAllowedInStatus, statusText } from './wording';

/** The refund is handed to a mediator: the dispute leaves `AWAITING_REFUND` for `REFUND_BLOCKED`. */
export const refundBlocked = (ctx: DecideContext, reason: RefundBlockReason, failures: number): EventOf<'RefundBlocked'> => ({
  type: 'RefundBlocked',
  data: { ...ctx.common, reason, failures },
});

/**
 * The payment integration reports a failed refund attempt. The first failure since the resolution (or
 * the last retry) starts `REFUND_DUE`; a failure the gateway marks permanent, or the policy's
 * `maxRefundFailures`-th one, blocks the dispute for a mediator.
 */
export const recordRefundFailure: CommandHandler<'RecordRefundFailure'> = (c, ctx) => {
  const { state: s, common } = ctx;
  if (s.status !== 'AWAITING_REFUND') return notAllowedInStatus(s, `No refund is due; the dispute is ${statusText[s.status]}.`);
  const failures = s.refundFailures + 1;
  const startsDeadline = s.refundFailures === 0 && !s.deadlines.some((d) => d.kind === 'REFUND_DUE');
  const failed: EventOf<'RefundFailed'> = {
    type: 'RefundFailed',
    data: {
      ...common,
      attempt: c.attempt,
      errorCode: c.errorCode,
      retryable: c.retryable,
      ...(c.permanent === true ? { permanent: true } : {}),
      ...(startsDeadline && c.permanent !== true && failures < maxRefundFailuresOf(s.policy)
        ? { deadlines: [ctx.timing.deadline('REFUND_DUE', common.at)] }
        : {}),
    },
  };
  if (c.permanent === true) return emit(failed, refundBlocked(ctx, 'PERMANENT_FAILURE', failures));
  if (failures >= maxRefundFailuresOf(s.policy)) return emit(failed, refundBlocked(ctx, 'TOO_MANY_FAILURES', failures));
  return emit(failed);
};

/** A mediator sends a blocked refund back to the payment integration; the failure count starts again. */
export const retryRefund: CommandHandler<'RetryRefund'> = (c, { state: s, common }) => {
  if (s.status !== 'REFUND_BLOCKED') return notAllowedInStatus(s, `Only a blocked refund can be retried; the dispute is ${statusText[s.status]}.`);
  return emit({ type: 'RefundRetried', data: { ...common, ...(c.note === undefined ? {} : { note: c.note }) } });
};
