import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { customPolicy } from '../../policy/customPolicy';
import type { DisputePolicy, WindowAnchor } from '../../policy/policy';
import { policies, presetNames, type PresetName } from '../../policy/presets';
import { durationArb, positiveDurationArb } from './primitives';
import { EARLIEST, LATEST } from './shared';

/** The name of a shipped preset. */
export const presetNameArb: fc.Arbitrary<PresetName> = fc.constantFrom(...presetNames);

const windowAnchorArb = fc.constantFrom<WindowAnchor>('PAID_AT', 'SHIPPED_AT', 'DELIVERED_AT', 'DELIVERY_DEADLINE', 'RECEIPT_OR_DELIVERY_DEADLINE');

/**
 * Custom policies built with `customPolicy` from a random preset and random overrides of any field:
 * limits, flags, durations (calendar and business days), what silence does, the business calendar,
 * and now and then the protection window.
 */
export const customPolicyArb: fc.Arbitrary<DisputePolicy> = fc
  .record(
    {
      base: presetNameArb,
      name: fc.stringMatching(/^custom-[a-z]{1,8}$/),
      openWindow: fc.record(
        { closes: fc.record({ from: windowAnchorArb, after: fc.integer({ min: 1, max: 200 }).map((days) => ({ days })) }), opens: fc.record({ from: windowAnchorArb, after: durationArb }) },
        { requiredKeys: ['closes'] },
      ),
      requireCancellationRefused: fc.boolean(),
      requireEvidenceWhenReceived: fc.boolean(),
      allowNoReasonReturns: fc.boolean(),
      maxDisputesPerOrder: fc.integer({ min: 1, max: 4 }),
      reopenAfterCancel: fc.boolean(),
      maxBuyerRevisions: fc.oneof(fc.constant('UNLIMITED' as const), fc.nat(3)),
      maxEvidencePerParty: fc.oneof(fc.constant('UNLIMITED' as const), fc.nat(4)),
      strictPartialForKeptItem: fc.boolean(),
      allowPartialOnReturn: fc.boolean(),
      sellerMayEscalate: fc.boolean(),
      manualEscalation: fc.boolean(),
      escalateEarliestAfter: durationArb,
      mediatorProposalBindingOn: fc.subarray(['buyer', 'seller'] as const),
      autoRuleAgainstSilentParty: fc.boolean(),
      deadlines: fc.record(
        {
          sellerResponse: positiveDurationArb,
          buyerResponse: positiveDurationArb,
          negotiationWindow: positiveDurationArb,
          evidenceRequest: positiveDurationArb,
          returnShipment: positiveDurationArb,
          returnReceipt: positiveDurationArb,
        },
        { requiredKeys: [] },
      ),
      onSellerSilence: fc.constantFrom('ACCEPT_BUYER_REQUEST', 'ESCALATE'),
      onBuyerSilence: fc.constantFrom('ACCEPT_STANDING_OFFER', 'CLOSE_SELLER_FAVOUR', 'ESCALATE'),
      onNegotiationExpiry: fc.constantFrom('ESCALATE', 'CLOSE_CANCELLED'),
      onReturnReceiptSilence: fc.constantFrom('AUTO_REFUND', 'ESCALATE'),
      businessCalendar: fc.record({
        weekendDays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 3 }),
        holidays: fc.uniqueArray(fc.integer({ min: EARLIEST, max: LATEST }).map((ms) => new Date(ms).toISOString().slice(0, 10)), { maxLength: 5 }),
      }),
      payoutHold: fc.constantFrom('NONE', 'DISPUTED_AMOUNT', 'ORDER_AMOUNT'),
      onChargeback: fc.constantFrom('SUSPEND', 'CLOSE'),
      liability: fc
        .record({
          default: fc.constantFrom('SELLER' as const, 'PLATFORM' as const),
          platformCoversWhen: fc.subarray(['LATE_RULING', 'DELIVERY_PROVEN'] as const),
          rulingDueAfter: positiveDurationArb,
        })
        .map(({ rulingDueAfter, ...rules }) => (rules.platformCoversWhen.includes('LATE_RULING') ? { ...rules, rulingDueAfter } : rules)),
    },
    // Each override is present only sometimes, so custom policies stay close to their base.
    { requiredKeys: ['base', 'name'] },
  )
  .map(({ base, openWindow, ...overrides }) => {
    // A random window rarely fits the order; use one only when it is anchored on payment.
    const window = openWindow !== undefined && openWindow.closes.from === 'PAID_AT' && openWindow.opens === undefined ? { openWindow } : {};
    const built = customPolicy(base, { ...overrides, ...window });
    if (E.isLeft(built)) throw new Error(`customPolicyArb built an invalid policy: ${built.left.message}`);
    return built.right;
  });

/** The policy a choice stands for. */
export const policyOf = (choice: PresetName | DisputePolicy): DisputePolicy => (typeof choice === 'string' ? policies[choice] : choice);

/** What `OpenDispute.policy` carries: a preset's name (most often) or a whole custom policy. */
export const policyChoiceArb: fc.Arbitrary<PresetName | DisputePolicy> = fc.oneof(
  { weight: 3, arbitrary: presetNameArb },
  { weight: 1, arbitrary: customPolicyArb },
);

/** Any whole policy: a preset or a custom one. */
export const policyArb: fc.Arbitrary<DisputePolicy> = policyChoiceArb.map(policyOf);
