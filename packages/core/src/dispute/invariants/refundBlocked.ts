import { maxRefundFailuresOf } from '../../policy/refundBlocking';
import type { EventOf } from '../events';
import { expiryInCommand, inCommand, type EventCheck } from './audit';
import { checkRefundIssued } from './settlement';

/**
 * The rules of a blocked refund (process rules §5.5): a refund is blocked only while it is due and
 * only for a reason the command shows (S3, T2); a retry only leaves a blocked refund (S3); a blocked
 * refund is not paid until a mediator retries it (M3).
 */

/** The `RefundFailed` of the current command, if any. */
const failureInCommand = (c: EventCheck): EventOf<'RefundFailed'> | undefined =>
  inCommand(c.audit, 'RefundFailed') as EventOf<'RefundFailed'> | undefined;

/** A block: of a refund that is due, for the reason its command shows. */
export const checkRefundBlocked = (c: EventCheck, event: EventOf<'RefundBlocked'>): void => {
  const e = event.data;
  if (c.statusBefore !== 'AWAITING_REFUND') c.report('S3', `A refund was blocked while the dispute was ${c.statusBefore}, not AWAITING_REFUND.`);
  const failure = failureInCommand(c);
  switch (e.reason) {
    case 'PERMANENT_FAILURE':
      if (failure?.data.permanent !== true) c.report('S3', 'A PERMANENT_FAILURE block without a permanent RefundFailed in the same command.');
      break;
    case 'TOO_MANY_FAILURES':
      if (failure === undefined) c.report('S3', 'A TOO_MANY_FAILURES block without a RefundFailed in the same command.');
      if (e.failures < maxRefundFailuresOf(c.dispute.policy)) {
        c.report('S3', `A TOO_MANY_FAILURES block after ${e.failures} failures; the policy allows ${maxRefundFailuresOf(c.dispute.policy)}.`);
      }
      break;
    case 'REFUND_OVERDUE':
      if (!expiryInCommand(c.audit, 'REFUND_DUE')) c.report('T2', 'A REFUND_OVERDUE block without a REFUND_DUE expiry in the same command.');
      break;
  }
};

/** A retry: only of a blocked refund. */
export const checkRefundRetried = (c: EventCheck): void => {
  if (c.statusBefore !== 'REFUND_BLOCKED') c.report('S3', `A refund was retried while the dispute was ${c.statusBefore}, not REFUND_BLOCKED.`);
};

/** A refund: the settlement rules, and never straight out of the blocked state (a mediator retries first). */
export const checkRefundIssuedUnblocked = (c: EventCheck, event: EventOf<'RefundIssued'>): void => {
  checkRefundIssued(c, event);
  if (c.statusBefore === 'REFUND_BLOCKED') c.report('M3', 'A blocked refund was paid without a mediator retrying it.');
};
