/** What a notification tells its recipient. */
export type NotificationKind =
  | 'opened'
  | 'action_required'
  | 'proposal_made'
  | 'escalated'
  | 'ruled'
  | 'resolved'
  | 'refunded'
  | 'closed'
  | 'reminder';

/**
 * Who a notification is for: the dispute's buyer or seller (with their user id), or the platform's
 * mediators (no id: route it to your mediation team's queue).
 */
export type NotificationRecipient =
  | { readonly role: 'buyer' | 'seller'; readonly id: string }
  | { readonly role: 'mediator' };

/** What a recipient has to do, and by when (absent for a mediator: mediation has no deadline). */
export interface RequiredAction {
  /** The deadline that decides if they stay silent (`SELLER_RESPONSE`, `RETURN_SHIPMENT`, ...). */
  readonly deadline?: string;
  /** When it falls due (ISO-8601). */
  readonly dueAt?: string;
}

/**
 * One message for one recipient. `notificationId` is deterministic (the stored event's id, the kind
 * and the recipient role; or the deadline for a reminder), so a redelivery carries the same id and a
 * receiver deduplicates on it: delivery is at least once.
 */
export interface Notification {
  readonly notificationId: string;
  readonly kind: NotificationKind;
  readonly disputeId: string;
  readonly recipient: NotificationRecipient;
  /** When it happened: the event's `at`, or the reminder's time. */
  readonly at: string;
  /** The stored event it comes from (absent for reminders). */
  readonly source?: { readonly eventId: string; readonly eventType: string; readonly globalPosition: number };
  /** For `action_required` and `reminder`. */
  readonly action?: RequiredAction;
  /** A few facts of the event for the message (amounts in minor units, outcomes, ids). */
  readonly details: Readonly<Record<string, unknown>>;
}
