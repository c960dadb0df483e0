import * as fc from 'fast-check';
import type { DisputeId, UserId } from '../../codecs/ids';
import { millisOf } from '../../codecs/instant';
import { windowAnchorInstant } from '../../dispute/windowAnchor';
import type { Actor, OrderSnapshot } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import { businessCalendarFrom } from '../../policy/businessCalendar';
import { addDuration } from '../../policy/deadlineArithmetic';
import type { DisputePolicy } from '../../policy/policy';
import { policies, type PresetName } from '../../policy/presets';
import { orderArb } from './orders';
import { customPolicyArb, policyChoiceArb, policyOf } from './policies';
import { identifierArb } from './primitives';
import { at, DAY_MS } from './shared';

/** The cast and setting of one generated dispute. */
export interface DisputeScenario {
  readonly disputeId: DisputeId;
  readonly order: OrderSnapshot;
  /** What the opening command carries (`undefined` means the default, `seed`). */
  readonly policyChoice: PresetName | DisputePolicy | undefined;
  /** The policy in force. */
  readonly policy: DisputePolicy;
  readonly buyer: Actor;
  readonly seller: Actor;
  readonly mediators: ReadonlyArray<Actor>;
  readonly system: Actor;
  /** Ids of users who are not parties to the dispute. */
  readonly strangers: ReadonlyArray<UserId>;
}

/** A policy to generate scenarios under: a preset's name, a whole policy, `'custom'`, or an arbitrary of choices. */
export type PolicyOption = PresetName | DisputePolicy | 'custom' | fc.Arbitrary<PresetName | DisputePolicy>;

/** Options of `scenarioArb` and `historyArb`. */
export interface ScenarioOptions {
  /** Which policy disputes run under (any preset or custom policy otherwise). */
  readonly policy?: PolicyOption;
  /** The order's currency (random otherwise). */
  readonly currency?: CurrencyCode;
  /** A fixed order (random otherwise). */
  readonly order?: OrderSnapshot;
}

const policyChoiceFor = (option: PolicyOption | undefined): fc.Arbitrary<PresetName | DisputePolicy | undefined> => {
  if (option === undefined) return fc.oneof(policyChoiceArb, fc.constant(undefined));
  if (option === 'custom') return customPolicyArb;
  if (typeof option === 'string') return option === 'seed' ? fc.constantFrom<PresetName | undefined>('seed', undefined) : fc.constant(option);
  if (option instanceof fc.Arbitrary) return option;
  return fc.constant(option);
};

/**
 * The order with the facts the policy needs to open a dispute filled in: the anchors of its
 * protection window and, when the policy requires it, the seller's refusal to cancel.
 */
const fitOrder = (order: OrderSnapshot, policy: DisputePolicy): OrderSnapshot => {
  const paid = millisOf(order.paidAt);
  const shippedAt = order.shippedAt ?? at(paid + DAY_MS);
  const deliveryDeadlineAt = order.deliveryDeadlineAt ?? at(millisOf(shippedAt) + 20 * DAY_MS);
  const anchors = [policy.openWindow.closes.from, policy.openWindow.opens?.from];
  return {
    ...order,
    ...(anchors.includes('SHIPPED_AT') || anchors.includes('DELIVERY_DEADLINE') || anchors.includes('RECEIPT_OR_DELIVERY_DEADLINE') ? { shippedAt, deliveryDeadlineAt } : {}),
    ...(anchors.includes('DELIVERED_AT') ? { shippedAt, deliveredAt: order.deliveredAt ?? at(millisOf(shippedAt) + 5 * DAY_MS) } : {}),
    ...(policy.requireCancellationRefused ? { cancellationRefusedAt: order.cancellationRefusedAt ?? order.paidAt } : {}),
  };
};

/**
 * A dispute's setting: an order, a policy, the buyer and seller, two mediators, strangers and the
 * system. Nine orders in ten have the facts the policy's protection window needs.
 */
export const scenarioArb = (options: ScenarioOptions = {}): fc.Arbitrary<DisputeScenario> =>
  fc
    .record({
      disputeId: identifierArb,
      order: options.order === undefined ? orderArb(options.currency === undefined ? {} : { currency: options.currency }) : fc.constant(options.order),
      policyChoice: policyChoiceFor(options.policy),
      fit: options.order === undefined ? fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.constant(false),
    })
    .map(({ disputeId, order: drawn, policyChoice, fit }) => {
      const policy = policyChoice === undefined ? policies.seed : policyOf(policyChoice);
      const order = fit ? fitOrder(drawn, policy) : drawn;
      return {
      disputeId: `d-${disputeId}` as DisputeId,
      order,
      policyChoice,
      policy,
      buyer: { role: 'buyer', id: order.buyerId },
      seller: { role: 'seller', id: order.sellerId },
      mediators: [
        { role: 'mediator', id: 'mediator-1' as UserId },
        { role: 'mediator', id: 'mediator-2' as UserId },
      ],
      system: { role: 'system', id: 'system' as UserId },
      strangers: ['stranger-1' as UserId, `${order.buyerId}-x` as UserId, `not-${order.sellerId}` as UserId],
      } satisfies DisputeScenario;
    });


/**
 * When a dispute about `order` may be opened under `policy` (epoch milliseconds, both ends
 * included), or `undefined` when the window is empty or anchored on a fact the order lacks.
 */
export const protectionWindow = (order: OrderSnapshot, policy: DisputePolicy): { readonly from: number; readonly to: number } | undefined => {
  const calendar = businessCalendarFrom(policy.businessCalendar);
  const closesAnchor = windowAnchorInstant(order, policy.openWindow.closes.from);
  if (closesAnchor === undefined) return undefined;
  const to = millisOf(addDuration(closesAnchor, policy.openWindow.closes.after, calendar));
  let from = millisOf(order.paidAt);
  const opens = policy.openWindow.opens;
  if (opens !== undefined) {
    const opensAnchor = windowAnchorInstant(order, opens.from);
    if (opensAnchor === undefined) return undefined;
    from = Math.max(from, millisOf(addDuration(opensAnchor, opens.after, calendar)));
  }
  return from <= to ? { from, to } : undefined;
};
