import { commandOf, envelope, usd, type CommandOptions } from './fixtures';

/** `RecordChargeback`, by the system: the buyer filed a chargeback with the card issuer. */
export const recordChargeback = (
  options: CommandOptions & { readonly amount: number; readonly dueBy: string; readonly currency?: string; readonly caseId?: string; readonly provider?: string },
) =>
  commandOf('RecordChargeback', {
    ...envelope(options, 'system'),
    provider: options.provider ?? 'visa',
    caseId: options.caseId ?? 'cb-1',
    amount: usd(options.amount, options.currency),
    dueBy: options.dueBy,
  });

/** `RecordChargebackOutcome`, by the system: the card network decided the open chargeback. */
export const recordChargebackOutcome = (
  options: CommandOptions & { readonly outcome: 'WON' | 'LOST'; readonly amount: number; readonly currency?: string; readonly caseId?: string },
) =>
  commandOf('RecordChargebackOutcome', {
    ...envelope(options, 'system'),
    caseId: options.caseId ?? 'cb-1',
    outcome: options.outcome,
    amount: usd(options.amount, options.currency),
  });
