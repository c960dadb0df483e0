import * as E from 'fp-ts/lib/Either.js';
import { DisputePolicy } from './policy';
import { aliexpressPolicy, ebayPolicy, isPresetName, paypalPolicy, policies, presetNames, seedPolicy } from './presets';

/** The shipped presets (process rules §8): valid policies, with the documented values. */
describe('presets', () => {
  it.each(presetNames)('%s decodes with the DisputePolicy codec, unchanged', (name) => {
    const preset = policies[name];
    expect(DisputePolicy.decode(preset)).toEqual(E.right(preset));
    expect(DisputePolicy.decode(JSON.parse(JSON.stringify(DisputePolicy.encode(preset))))).toEqual(E.right(preset));
    expect(DisputePolicy.is(preset)).toBe(true);
    expect(preset.name).toBe(name);
  });

  it('names exactly the four presets', () => {
    expect([...presetNames].sort()).toEqual(Object.keys(policies).sort());
    expect(presetNames).toEqual(['seed', 'aliexpress', 'paypal', 'ebay']);
    expect(isPresetName('seed')).toBe(true);
    expect(isPresetName('amazon')).toBe(false);
    expect(isPresetName(7)).toBe(false);
  });

  it('seed has the defaults of §8', () => {
    expect(seedPolicy).toEqual({
      name: 'seed',
      openWindow: { closes: { from: 'PAID_AT', after: { days: 30 } } },
      requireCancellationRefused: true,
      requireEvidenceWhenReceived: true,
      allowNoReasonReturns: false,
      maxDisputesPerOrder: 2,
      reopenAfterCancel: true,
      maxBuyerRevisions: 'UNLIMITED',
      maxEvidencePerParty: 'UNLIMITED',
      strictPartialForKeptItem: true,
      allowPartialOnReturn: false,
      sellerMayEscalate: false,
      manualEscalation: true,
      escalateEarliestAfter: { days: 3 },
      mediatorProposalBindingOn: ['buyer'],
      autoRuleAgainstSilentParty: false,
      deadlines: {
        sellerResponse: { days: 5 },
        buyerResponse: { days: 5 },
        negotiationWindow: { days: 15 },
        evidenceRequest: { days: 3 },
        returnShipment: { days: 10 },
        returnReceipt: { days: 10 },
        refundDue: { days: 5 },
      },
      onSellerSilence: 'ACCEPT_BUYER_REQUEST',
      onBuyerSilence: 'ESCALATE',
      onNegotiationExpiry: 'ESCALATE',
      onReturnReceiptSilence: 'AUTO_REFUND',
      businessCalendar: { weekendDays: [0, 6], holidays: [] },
      maxRefundFailures: 3,
      payoutHold: 'NONE',
      onChargeback: 'SUSPEND',
      liability: { default: 'SELLER', platformCoversWhen: [] },
    });
  });

  it('liability: every preset puts refunds on the seller; paypal and ebay cover a ruling against proof of delivery', () => {
    expect([seedPolicy, aliexpressPolicy, paypalPolicy, ebayPolicy].map((p) => p.liability)).toEqual([
      { default: 'SELLER', platformCoversWhen: [] },
      { default: 'SELLER', platformCoversWhen: [] },
      { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] },
      { default: 'SELLER', platformCoversWhen: ['DELIVERY_PROVEN'] },
    ]);
  });

  it('payout holds: aliexpress holds the whole order (escrow), paypal the disputed amount, ebay and seed nothing', () => {
    expect([seedPolicy, aliexpressPolicy, paypalPolicy, ebayPolicy].map((p) => p.payoutHold)).toEqual(['NONE', 'ORDER_AMOUNT', 'DISPUTED_AMOUNT', 'NONE']);
  });

  it('chargebacks: seed, aliexpress and paypal suspend the dispute for the card network; ebay closes it, like Amazon (decision 0006)', () => {
    expect([seedPolicy, aliexpressPolicy, paypalPolicy, ebayPolicy].map((p) => p.onChargeback)).toEqual(['SUSPEND', 'SUSPEND', 'SUSPEND', 'CLOSE']);
  });

  it('seed reads the seed literally: a refused cancellation first, a partial refund for a kept item, silence escalates (decision 0003)', () => {
    expect(seedPolicy.requireCancellationRefused).toBe(true);
    expect(seedPolicy.strictPartialForKeptItem).toBe(true);
    expect(seedPolicy.onBuyerSilence).toBe('ESCALATE');
  });

  it('aliexpress: window from shipment + 10 days to receipt or delivery deadline + 15 days; no manual escalation', () => {
    expect(aliexpressPolicy.openWindow).toEqual({
      opens: { from: 'SHIPPED_AT', after: { days: 10 } },
      closes: { from: 'RECEIPT_OR_DELIVERY_DEADLINE', after: { days: 15 } },
    });
    expect(aliexpressPolicy.manualEscalation).toBe(false);
    expect(aliexpressPolicy.requireCancellationRefused).toBe(false);
    expect(aliexpressPolicy.onNegotiationExpiry).toBe('ESCALATE');
  });

  it('aliexpress: the seller has 15 days, and the automatic step-in waits for them (decision 0003)', () => {
    expect(aliexpressPolicy.deadlines.sellerResponse).toEqual({ days: 15 });
    expect(aliexpressPolicy.deadlines.negotiationWindow).toEqual({ days: 15 });
    // Both deadlines fall due together when the seller stays silent: each escalates, so the order they fire in does not matter.
    expect(aliexpressPolicy.onSellerSilence).toBe('ESCALATE');
    expect(aliexpressPolicy.onNegotiationExpiry).toBe('ESCALATE');
    expect(aliexpressPolicy.onBuyerSilence).toBe('ESCALATE');
  });

  it('paypal and ebay ask for no cancellation first and leave a kept item\'s amount to the parties', () => {
    for (const preset of [paypalPolicy, ebayPolicy]) {
      expect(preset.requireCancellationRefused).toBe(false);
      expect(preset.strictPartialForKeptItem).toBe(false);
    }
  });

  it('paypal: 180 days from payment, 20-day inquiry closed if not escalated, buyer silence closes for the seller', () => {
    expect(paypalPolicy.openWindow).toEqual({ closes: { from: 'PAID_AT', after: { days: 180 } } });
    expect(paypalPolicy.deadlines.negotiationWindow).toEqual({ days: 20 });
    expect(paypalPolicy.onNegotiationExpiry).toBe('CLOSE_CANCELLED');
    expect(paypalPolicy.onBuyerSilence).toBe('CLOSE_SELLER_FAVOUR');
  });

  it('ebay: 3 business days to respond, then escalation; 30 days after the estimated delivery', () => {
    expect(ebayPolicy.openWindow).toEqual({ closes: { from: 'DELIVERY_DEADLINE', after: { days: 30 } } });
    expect(ebayPolicy.deadlines.sellerResponse).toEqual({ businessDays: 3 });
    expect(ebayPolicy.deadlines.buyerResponse).toEqual({ businessDays: 3 });
    expect(ebayPolicy.onSellerSilence).toBe('ESCALATE');
    expect(ebayPolicy.onBuyerSilence).toBe('ESCALATE');
  });
});
