import { commandOf, envelope, usd, type CommandOptions } from './fixtures';

/** `RecordExternalRefund`, by the seller unless `by` says otherwise: a refund the buyer got outside the gateway. */
export const recordExternalRefund = (
  options: CommandOptions & {
    readonly amount: number;
    readonly currency?: string;
    readonly refundRef?: string;
    readonly method?: 'BANK_TRANSFER' | 'OTHER_PAYMENT_PROVIDER' | 'CASH' | 'CHEQUE' | 'OTHER';
  },
) =>
  commandOf('RecordExternalRefund', {
    ...envelope(options, 'seller'),
    refundRef: options.refundRef ?? 'ext-1',
    amount: usd(options.amount, options.currency),
    method: options.method ?? 'BANK_TRANSFER',
  });

/** `RuleAgain`, by the mediator: a second ruling on a blocked refund. */
export const ruleAgain = (
  options: CommandOptions & {
    readonly rulingId?: string;
    readonly outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR';
    readonly refund: number;
    readonly currency?: string;
    readonly rationale?: string;
    /** Who pays, in minor units of the ruling's currency (else the policy decides). */
    readonly liability?: { readonly seller: number; readonly platform: number };
  },
) =>
  commandOf('RuleAgain', {
    ...envelope(options, 'mediator'),
    rulingId: options.rulingId ?? 'ruling-2',
    outcome: options.outcome,
    refund: usd(options.refund, options.currency),
    rationale: options.rationale ?? 'The refund cannot be paid as ruled; this ruling replaces it.',
    ...(options.liability === undefined
      ? {}
      : { liability: { seller: usd(options.liability.seller, options.currency), platform: usd(options.liability.platform, options.currency) } }),
  });
