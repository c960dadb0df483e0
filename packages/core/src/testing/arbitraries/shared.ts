import type { EvidenceId } from '../../codecs/ids';
import { instantFromMillis, type Instant } from '../../codecs/instant';
import type { Evidence, OrderSnapshot } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import type { Money, MinorUnits } from '../../money/money';

/** One hour, in milliseconds. */
export const HOUR_MS = 3_600_000;
/** One day, in milliseconds. */
export const DAY_MS = 24 * HOUR_MS;
/** 1 January 2021, 00:00 UTC: the earliest instant the order arbitraries use. */
export const EARLIEST = Date.UTC(2021, 0, 1);
/** 1 January 2031, 00:00 UTC: the latest payment instant; deadlines stay far inside the Instant range. */
export const LATEST = Date.UTC(2031, 0, 1);

/** Money from a plain amount. */
export const money = (amount: number, currency: CurrencyCode): Money => ({ amount: amount as MinorUnits, currency });
/** The canonical instant of epoch milliseconds. */
export const at = (millis: number): Instant => instantFromMillis(millis);

/** What an order leaves to refund: paid − already refunded, never below zero. */
export const refundableOf = (order: OrderSnapshot): Money =>
  money(Math.max(0, order.paid.amount - order.alreadyRefunded.amount), order.paid.currency);

/** A partial amount of the refundable: 1..refundable − 1 (the whole when it is 1). */
export const partial = (refundable: Money, seed: number): number => (refundable.amount > 1 ? 1 + (seed % (refundable.amount - 1)) : refundable.amount);

/** Fixed evidence metadata under an id, for generated commands. */
export const fixedEvidence = (evidenceId: string): Evidence => ({
  evidenceId: evidenceId as EvidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: '0'.repeat(64),
  mime: 'image/jpeg',
  sizeBytes: 1_024,
});
