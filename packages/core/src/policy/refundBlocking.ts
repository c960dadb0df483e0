import type { Duration } from './duration';
import type { DisputePolicy } from './policy';

/** The `REFUND_DUE` duration of a policy stored before the field existed. */
export const DEFAULT_REFUND_DUE: Duration = { days: 5 };

/** The `maxRefundFailures` of a policy stored before the field existed. */
export const DEFAULT_MAX_REFUND_FAILURES = 3;

/** How long a failing refund may keep failing before the dispute is blocked, under `policy`. */
export const refundDueOf = (policy: DisputePolicy): Duration => policy.deadlines.refundDue ?? DEFAULT_REFUND_DUE;

/** How many failed refund attempts block the dispute, under `policy`. */
export const maxRefundFailuresOf = (policy: DisputePolicy): number => policy.maxRefundFailures ?? DEFAULT_MAX_REFUND_FAILURES;
