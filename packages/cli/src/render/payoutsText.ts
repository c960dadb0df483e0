import { formatMoney, subtractMoney } from '@disputekit/core';
import type { PayoutMovement } from '@disputekit/projections';
import type { Styles } from '../colour';
import { safeText } from './safeText';

/**
 * The seller-payout calls the payout reactor made, as the payout service recorded them (one per
 * idempotency key), oldest first: each hold, and each release with what of the hold the refund
 * consumed (the hold less the release).
 */
export const renderPayoutMovements = (movements: ReadonlyArray<PayoutMovement>, s: Styles): string => {
  if (movements.length === 0) return s.dim('  (no hold was placed)');
  return movements
    .map((m) => {
      const hold = movements.find((h) => h.kind === 'hold' && h.disputeId === m.disputeId);
      const used = m.kind === 'release' && hold !== undefined ? subtractMoney(hold.amount, m.amount) : undefined;
      const consumed = used === undefined ? '' : `  (${formatMoney(used)} of it paid the refund)`;
      return safeText(`  ${m.disputeId.padEnd(13)} ${m.kind.padEnd(7)} ${formatMoney(m.amount).padStart(10)}  key ${m.idempotencyKey}  ref ${m.reference}${consumed}`);
    })
    .join('\n');
};
