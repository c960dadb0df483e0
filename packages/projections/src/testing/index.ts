/**
 * @disputekit/projections/testing — kits to check your own adapters: the payment-gateway and payout-port contracts.
 * @packageDocumentation
 */
export * from './paymentGatewayContract';
export * from './payoutPortContract';
