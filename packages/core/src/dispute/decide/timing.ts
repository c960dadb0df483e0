import type { Instant } from '../../codecs/instant';
import { businessCalendarFrom, type BusinessCalendar } from '../../policy/businessCalendar';
import { addDuration } from '../../policy/deadlineArithmetic';
import type { Duration } from '../../policy/duration';
import { DEFAULT_REFUND_DUE } from '../../policy/refundBlocking';
import type { DeadlineDurations, DisputePolicy } from '../../policy/policy';
import type { Deadline, DeadlineKind, Party } from '../vocabulary';

/** The deadline kinds whose length the policy sets: all but `REPRESENTMENT`, which the card network sets (`dueBy`). */
export type TimedDeadlineKind = Exclude<DeadlineKind, 'REPRESENTMENT'>;

/**
 * The policy field that says how long each kind of deadline runs (process rules §6). A new deadline
 * kind does not compile until it is named here (or excluded from `TimedDeadlineKind`).
 */
export const deadlineDurationField: { readonly [K in TimedDeadlineKind]: keyof DeadlineDurations } = {
  SELLER_RESPONSE: 'sellerResponse',
  BUYER_RESPONSE: 'buyerResponse',
  NEGOTIATION_WINDOW: 'negotiationWindow',
  EVIDENCE_REQUEST: 'evidenceRequest',
  RETURN_SHIPMENT: 'returnShipment',
  RETURN_RECEIPT: 'returnReceipt',
  REFUND_DUE: 'refundDue',
};

/** The deadline arithmetic of one dispute: its policy's durations counted on its business calendar. */
export interface Timing {
  /** The instant `duration` after `from`. */
  readonly due: (from: Instant, duration: Duration) => Instant;
  /** A deadline of `kind` started at `at` (with its party, for an evidence request). */
  readonly deadline: (kind: TimedDeadlineKind, at: Instant, party?: Party) => Deadline;
}

/**
 * The timing of a dispute under `policy`: on `calendar` when one is injected, else on the calendar
 * data stored in the policy (which keeps replays deterministic).
 */
export const timingFor = (policy: DisputePolicy, calendar: BusinessCalendar | undefined): Timing => {
  const due = (from: Instant, duration: Duration): Instant =>
    addDuration(from, duration, calendar ?? businessCalendarFrom(policy.businessCalendar));
  const deadline = (kind: TimedDeadlineKind, at: Instant, party?: Party): Deadline => {
    const dueAt = due(at, policy.deadlines[deadlineDurationField[kind]] ?? DEFAULT_REFUND_DUE);
    return party === undefined ? { kind, dueAt } : { kind, dueAt, party };
  };
  return { due, deadline };
};
