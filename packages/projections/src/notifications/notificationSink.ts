import type { Notification } from './notification';

/** How a delivery ended. `delivered` and `dead-lettered` are final; `failed` is tried again later. */
export type DeliveryOutcome =
  | { readonly status: 'delivered'; readonly attempts: number }
  | { readonly status: 'dead-lettered'; readonly attempts: number; readonly lastError: string }
  | { readonly status: 'failed'; readonly error: string };

/**
 * Where notifications go: a webhook, an e-mail or push service, a queue. `deliver` must be safe to
 * call again with the same notification (delivery is at least once; `notificationId` is the
 * deduplication key) and must not reject: a failure is an outcome.
 */
export interface NotificationSink {
  deliver(notification: Notification): Promise<DeliveryOutcome>;
}

/** A sink that keeps what it is given, in order (for tests and demos). */
export interface MemoryNotificationSink extends NotificationSink {
  delivered(): ReadonlyArray<Notification>;
}

/** Creates a sink that keeps notifications in memory. */
export const createMemoryNotificationSink = (): MemoryNotificationSink => {
  const kept: Notification[] = [];
  return {
    deliver: async (notification) => {
      kept.push(notification);
      return { status: 'delivered', attempts: 1 };
    },
    delivered: () => [...kept],
  };
};
