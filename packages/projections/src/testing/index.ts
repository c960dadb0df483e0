/**
 * @disputekit/projections/testing — kits to check your own adapters: the payment-gateway and payout-port contracts.
 * @packageDocumentation
 */
export { checkPaymentGatewayContract } from './paymentGatewayContract';
export type {
  PaymentGatewayCheck, PaymentGatewayContractResult, PaymentGatewayUnderTest,
} from './paymentGatewayContract';
export { checkPayoutPortContract } from './payoutPortContract';
export type { PayoutPortCheck, PayoutPortContractResult, PayoutPortUnderTest } from './payoutPortContract';
