/**
 * @disputekit/projections/testing — kits to check your own adapters: the payment-gateway contract.
 * @packageDocumentation
 */
export { checkPaymentGatewayContract } from './paymentGatewayContract';
export type {
  PaymentGatewayCheck, PaymentGatewayContractResult, PaymentGatewayUnderTest,
} from './paymentGatewayContract';
