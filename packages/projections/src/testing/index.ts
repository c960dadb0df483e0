/**
 * @disputekit/projections/testing — kits to check your own adapters: the payment-gateway contract.
 * @packageDocumentation
 */
export * from './paymentGatewayContract';
