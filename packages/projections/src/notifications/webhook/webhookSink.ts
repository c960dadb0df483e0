import { systemClock, type Clock } from '@disputekit/core';
import { abortableDelay } from '../../reactors/runUntilAborted';
import type { DeadLetter } from '../deadLetters';
import type { Notification } from '../notification';
import type { DeliveryOutcome, NotificationSink } from '../notificationSink';
import { signWebhook, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER } from './webhookSignature';


/** Options of `createWebhookSink`. */
export interface WebhookSinkOptions {
  /** Where to POST (your receiver's URL). */
  readonly url: string;
  /** The shared secret of the HMAC-SHA256 signature. */
  readonly secret: string;
  /** Attempts per notification before it goes to the dead-letter list (default 5). */
  readonly maxAttempts?: number;
  /** Wait before attempt `n + 1` after `n` failures, in ms (default 500 ms × 2^(n−1), at most 30 s). */
  readonly backoff?: (failures: number) => number;
  /** How long one request may take, in ms (default 10,000). */
  readonly timeoutMs?: number;
  /** For the signature's timestamp (default `systemClock`). */
  readonly clock?: Clock;
  /** Told about each dead letter (also kept in `deadLetters()`). */
  readonly onDeadLetter?: (letter: DeadLetter) => void;
}

/** A webhook sink, with its dead-letter list. */
export interface WebhookSink extends NotificationSink {
  /**
   * Notifications this sink gave up on since it was created, oldest first (in memory). The durable
   * list, which survives restarts and can be requeued, is the reactor's: `reactor.ledger.deadLetters()`.
   */
  deadLetters(): ReadonlyArray<DeadLetter>;
}

/** The default backoff: 500 ms, 1 s, 2 s, … at most 30 s. */
export const defaultWebhookBackoff = (failures: number): number => Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1));

const post = async (options: WebhookSinkOptions, clock: Clock, notification: Notification, body: string): Promise<string | undefined> => {
  const timestamp = Math.floor(clock.now() / 1000);
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(options.secret, timestamp, body),
        [WEBHOOK_ID_HEADER]: notification.notificationId,
      },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? undefined : `HTTP ${response.status}`;
  } catch (error) {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  }
};

/**
 * A `NotificationSink` that POSTs each notification as JSON to a URL, signed Stripe/GitHub style:
 * header `disputekit-signature: t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}` (verify
 * with `verifyWebhookSignature`), and `disputekit-notification-id` to deduplicate on. A non-2xx
 * answer, a network error or a timeout is retried with backoff; after `maxAttempts` the
 * notification goes to the dead-letter list and the delivery ends (`dead-lettered`).
 */
export const createWebhookSink = (options: WebhookSinkOptions): WebhookSink => {
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`createWebhookSink(): maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  const backoff = options.backoff ?? defaultWebhookBackoff;
  const clock = options.clock ?? systemClock;
  const letters: DeadLetter[] = [];
  const never = new AbortController().signal;
  return {
    async deliver(notification): Promise<DeliveryOutcome> {
      const body = JSON.stringify(notification);
      let lastError = '';
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const error = await post(options, clock, notification, body);
        if (error === undefined) return { status: 'delivered', attempts: attempt };
        lastError = error;
        if (attempt < maxAttempts) await abortableDelay(backoff(attempt), never);
      }
      const letter = { notification, attempts: maxAttempts, lastError };
      letters.push(letter);
      options.onDeadLetter?.(letter);
      return { status: 'dead-lettered', attempts: maxAttempts, lastError };
    },
    deadLetters: () => [...letters],
  };
};
