import type { DisputePolicy, OnChargeback } from './policy';

/** The `onChargeback` of a policy stored before the field existed: the dispute waits for the card network. */
export const DEFAULT_ON_CHARGEBACK: OnChargeback = 'SUSPEND';

/** What a chargeback does to a dispute under `policy` (decision 0006). */
export const onChargebackOf = (policy: DisputePolicy): OnChargeback => policy.onChargeback ?? DEFAULT_ON_CHARGEBACK;
