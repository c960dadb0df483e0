import * as E from 'fp-ts/lib/Either.js';
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the signature: `t={unix seconds},v1={hex HMAC-SHA256 of "{t}.{body}"}`. */
export const WEBHOOK_SIGNATURE_HEADER = 'disputekit-signature';
/** The header carrying the notification id, the receiver's deduplication key. */
export const WEBHOOK_ID_HEADER = 'disputekit-notification-id';

/** The HMAC-SHA256 (hex) of `{timestamp}.{body}` under `secret`. */
export const webhookSignature = (secret: string, timestamp: number, body: string): string =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');

/** The signature header's value for a body sent at `timestamp` (unix seconds). */
export const signWebhook = (secret: string, timestamp: number, body: string): string => `t=${timestamp},v1=${webhookSignature(secret, timestamp, body)}`;

/** Why a webhook request was not accepted as genuine. */
export interface WebhookVerificationError {
  readonly _tag: 'WebhookVerificationError';
  readonly reason: 'MissingHeader' | 'MalformedHeader' | 'OutsideTolerance' | 'SignatureMismatch';
  readonly message: string;
}

/** Options of `verifyWebhookSignature`. */
export interface VerifyWebhookOptions {
  /** The raw request body, exactly as received (verify before parsing JSON). */
  readonly body: string | Buffer;
  /** The `disputekit-signature` header. */
  readonly header: string | ReadonlyArray<string> | undefined;
  /** The shared secret (several during a rotation: any one may match). */
  readonly secret: string | ReadonlyArray<string>;
  /** How far the timestamp may be from now, in seconds (default 300), against replays. */
  readonly toleranceSeconds?: number;
  /** Now, in epoch milliseconds (default `Date.now()`). */
  readonly now?: number;
}

const refuse = (reason: WebhookVerificationError['reason'], message: string): E.Either<WebhookVerificationError, never> =>
  E.left({ _tag: 'WebhookVerificationError', reason, message });

/**
 * For the receiving side: checks a disputekit webhook's signature header against the raw body. The
 * timestamp must be within the tolerance of now and one `v1` signature must equal the HMAC-SHA256
 * of `{t}.{body}` under a secret, compared in constant time. `Right(timestamp)` when genuine.
 */
export const verifyWebhookSignature = (options: VerifyWebhookOptions): E.Either<WebhookVerificationError, number> => {
  const raw = options.header;
  const header: string | undefined = typeof raw === 'string' || raw === undefined ? raw : raw[0];
  if (header === undefined || header === '') return refuse('MissingHeader', `no ${WEBHOOK_SIGNATURE_HEADER} header`);
  const parts: ReadonlyArray<ReadonlyArray<string>> = header.split(',').map((part: string) => part.trim().split('='));
  const timestamps = parts.filter(([k]) => k === 't').map(([, v]) => v ?? '');
  const signatures: Buffer[] = parts.filter(([k, v]) => k === 'v1' && v !== undefined && /^[0-9a-f]{64}$/.test(v)).map(([, v]) => Buffer.from(v!, 'hex'));
  if (timestamps.length !== 1 || !/^\d{1,12}$/.test(timestamps[0]!) || signatures.length === 0) {
    return refuse('MalformedHeader', `${WEBHOOK_SIGNATURE_HEADER} must be "t=<unix seconds>,v1=<64 hex digits>"`);
  }
  const timestamp = Number(timestamps[0]);
  const tolerance = options.toleranceSeconds ?? 300;
  const now = (options.now ?? Date.now()) / 1000;
  if (Math.abs(now - timestamp) > tolerance) {
    return refuse('OutsideTolerance', `the signature's timestamp ${timestamp} is more than ${tolerance} s from now`);
  }
  const body = typeof options.body === 'string' ? options.body : options.body.toString('utf8');
  const secrets = typeof options.secret === 'string' ? [options.secret] : options.secret;
  for (const secret of secrets) {
    const expected = Buffer.from(webhookSignature(secret, timestamp, body), 'hex');
    if (signatures.some((given) => given.length === expected.length && timingSafeEqual(given, expected))) return E.right(timestamp);
  }
  return refuse('SignatureMismatch', 'no signature matches the body under the secret');
};
