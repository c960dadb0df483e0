import * as fc from 'fast-check';
import { windowAnchorInstant } from '../dispute/windowAnchor';
import * as E from 'fp-ts/lib/Either.js';
import type { CommandId, DisputeId, EvidenceId, Identifier, OrderId, ProposalId, UserId } from '../codecs/ids';
import { instantFromMillis, millisOf, type Instant } from '../codecs/instant';
import { commandTypes, type CommandType, type DisputeCommand, type OpenDispute } from '../dispute/commands';
import { decide, type Decision } from '../dispute/decide';
import { eventTypes, type DisputeEvent, type EventOf, type EventType } from '../dispute/events';
import { evolve } from '../dispute/evolve';
import { initialState, isOpened, type DisputeState, type OpenedDispute } from '../dispute/state';
import { reasonCodes, type Actor, type Deadline, type DeadlineKind, type Evidence, type OrderSnapshot, type Party, type Reason, type ReasonGroup, type Role } from '../dispute/vocabulary';
import type { CurrencyCode } from '../money/currency';
import type { Money, MinorUnits } from '../money/money';
import { businessCalendarFrom } from '../policy/businessCalendar';
import { customPolicy } from '../policy/customPolicy';
import { addDuration } from '../policy/deadlineArithmetic';
import type { Duration } from '../policy/duration';
import type { DisputePolicy, WindowAnchor } from '../policy/policy';
import { policies, presetNames, type PresetName } from '../policy/presets';
import { isWellFormedText } from '../codecs/wellFormed';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** 1 January 2021, 00:00 UTC: the earliest instant the order arbitraries use. */
const EARLIEST = Date.UTC(2021, 0, 1);
/** 1 January 2031, 00:00 UTC: the latest payment instant; deadlines stay far inside the Instant range. */
const LATEST = Date.UTC(2031, 0, 1);

const money = (amount: number, currency: CurrencyCode): Money => ({ amount: amount as MinorUnits, currency });
const at = (millis: number): Instant => instantFromMillis(millis);

// ================================================================== primitives

/** Canonical ISO instants (`2026-03-02T10:00:00.000Z`) between two epoch-millisecond bounds. */
export const instantArb = (min = EARLIEST, max = LATEST): fc.Arbitrary<Instant> => fc.integer({ min, max }).map(at);

/** A handful of ISO-4217 codes with 2, 0 and 3 minor-unit digits. */
export const currencyArb: fc.Arbitrary<CurrencyCode> = fc.constantFrom('USD', 'EUR', 'GBP', 'JPY', 'KWD', 'BRL') as fc.Arbitrary<CurrencyCode>;

/** Money in one currency: usually a few thousand minor units, sometimes up to `Number.MAX_SAFE_INTEGER`. */
export const moneyArb = (currency?: CurrencyCode): fc.Arbitrary<Money> =>
  fc
    .record({
      amount: fc.oneof({ weight: 4, arbitrary: fc.nat(10_000_000) }, { weight: 1, arbitrary: fc.maxSafeNat() }),
      currency: currency === undefined ? currencyArb : fc.constant(currency),
    })
    .map(({ amount, currency: code }) => money(amount, code));

const ID_TEXT = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]+$/;
const isIdText = (s: string): boolean => s.length > 0 && s.length <= 200 && s.trim() === s && ID_TEXT.test(s) && isWellFormedText(s);

/** Identifiers the id codecs accept: plain slugs, and any printable text without surrounding spaces. */
export const identifierArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z][a-z0-9-]{0,15}$/) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 24 }).filter(isIdText) },
);

/** Non-blank free text of at most `maxGraphemes` characters (any Unicode). */
export const textArb = (maxGraphemes = 40): fc.Arbitrary<string> =>
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: maxGraphemes }).filter((s) => s.trim().length > 0 && s.length <= 2_000);

const sha256Arb: fc.Arbitrary<string> = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(''));

/** Evidence metadata the `Evidence` codec accepts (the id is generated unless given). */
export const evidenceArb = (evidenceId?: string): fc.Arbitrary<Evidence> =>
  fc
    .record(
      {
        evidenceId: evidenceId === undefined ? identifierArb : fc.constant(evidenceId),
        kind: fc.constantFrom('PHOTO', 'VIDEO', 'CHAT_LOG', 'TRACKING', 'DOCUMENT', 'OTHER' as const),
        uri: identifierArb.map((id) => `https://files.example.com/${encodeURIComponent(id)}`),
        sha256: sha256Arb,
        mime: fc.constantFrom('image/jpeg', 'video/mp4', 'application/pdf', 'text/plain'),
        sizeBytes: fc.oneof(fc.nat(50_000_000), fc.maxSafeNat()),
        note: textArb(),
      },
      { requiredKeys: ['evidenceId', 'kind', 'uri', 'sha256', 'mime', 'sizeBytes'] },
    )
    .map((e) => e as Evidence);

/** A reason whose code belongs to its group. */
export const reasonArb: fc.Arbitrary<Reason> = fc
  .constantFrom(...(Object.keys(reasonCodes) as ReasonGroup[]))
  .chain((group) => fc.constantFrom(...reasonCodes[group]).map((code) => ({ group, code }) as Reason));

/** Any actor: any role, any id (not necessarily a party of any dispute). */
export const anyActorArb: fc.Arbitrary<Actor> = fc
  .record({ role: fc.constantFrom<Role>('buyer', 'seller', 'mediator', 'system'), id: identifierArb })
  .map((a) => ({ role: a.role, id: a.id as UserId }));

/** A duration of at least one calendar or business day. */
export const positiveDurationArb: fc.Arbitrary<Duration> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map((days) => ({ days })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 10 }).map((businessDays) => ({ businessDays })) },
);

/** A duration that may be zero. */
export const durationArb: fc.Arbitrary<Duration> = fc.oneof(fc.constant({ days: 0 }), positiveDurationArb);

// ================================================================== orders

/** Options of `orderArb`. */
export interface OrderOptions {
  /** The order's currency (random otherwise). */
  readonly currency?: CurrencyCode;
  /** The order's id (random otherwise). */
  readonly orderId?: string;
}

/**
 * Order snapshots: distinct buyer and seller, `paid > alreadyRefunded` in one currency, and
 * consistent instants (shipped after paid, delivery deadline after shipment, receipt after delivery).
 * Shipment and the delivery deadline are usually known; delivery, receipt and a refused cancellation sometimes.
 */
export const orderArb = (options: OrderOptions = {}): fc.Arbitrary<OrderSnapshot> =>
  fc
    .record({
      orderId: options.orderId === undefined ? identifierArb : fc.constant(options.orderId),
      buyer: identifierArb,
      seller: identifierArb,
      currency: options.currency === undefined ? currencyArb : fc.constant(options.currency),
      paid: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 500_000 }) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }),
      refundedShare: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }) }),
      paidAt: fc.integer({ min: EARLIEST, max: LATEST }),
      shippedAfter: fc.option(fc.integer({ min: 0, max: 10 * DAY_MS }), { freq: 20 }),
      deliveryWithin: fc.option(fc.integer({ min: 5 * DAY_MS, max: 60 * DAY_MS }), { freq: 20 }),
      deliveredAfter: fc.option(fc.integer({ min: DAY_MS, max: 40 * DAY_MS }), { freq: 2 }),
      receiptAfter: fc.option(fc.integer({ min: 0, max: 5 * DAY_MS }), { freq: 2 }),
      refusedAfter: fc.option(fc.integer({ min: 0, max: 3 * DAY_MS }), { freq: 2 }),
    })
    .map((o) => {
      const already = Math.min(o.paid - 1, Math.floor(o.paid * o.refundedShare));
      const shippedAt = o.shippedAfter === null ? undefined : o.paidAt + o.shippedAfter;
      const deliveryDeadlineAt = shippedAt === undefined || o.deliveryWithin === null ? undefined : shippedAt + o.deliveryWithin;
      const deliveredAt = shippedAt === undefined || o.deliveredAfter === null ? undefined : shippedAt + o.deliveredAfter;
      const receiptConfirmedAt = deliveredAt === undefined || o.receiptAfter === null ? undefined : deliveredAt + o.receiptAfter;
      const order: OrderSnapshot = {
        orderId: o.orderId as OrderId,
        buyerId: `buyer-${o.buyer}` as UserId,
        sellerId: `seller-${o.seller}` as UserId,
        paid: money(o.paid, o.currency),
        alreadyRefunded: money(already, o.currency),
        paidAt: at(o.paidAt),
        ...(shippedAt === undefined ? {} : { shippedAt: at(shippedAt) }),
        ...(deliveryDeadlineAt === undefined ? {} : { deliveryDeadlineAt: at(deliveryDeadlineAt) }),
        ...(deliveredAt === undefined ? {} : { deliveredAt: at(deliveredAt) }),
        ...(receiptConfirmedAt === undefined ? {} : { receiptConfirmedAt: at(receiptConfirmedAt) }),
        ...(o.refusedAfter === null ? {} : { cancellationRefusedAt: at(o.paidAt + o.refusedAfter) }),
      };
      return order;
    });

// ================================================================== policies

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


// ================================================================== scenarios

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

// ================================================================== opening

/** How an amount is chosen for a command, relative to the dispute's refundable amount. */
export type AmountChoice = 'natural' | 'full' | 'partial' | 'zero' | 'over' | 'otherCurrency' | 'huge';

const amountChoiceArb: fc.Arbitrary<AmountChoice> = fc.oneof(
  { weight: 6, arbitrary: fc.constant('natural' as const) },
  { weight: 3, arbitrary: fc.constant('full' as const) },
  { weight: 3, arbitrary: fc.constant('partial' as const) },
  { weight: 1, arbitrary: fc.constant('zero' as const) },
  { weight: 1, arbitrary: fc.constantFrom('over' as const, 'otherCurrency' as const, 'huge' as const) },
);

/** The random choices behind one `OpenDispute`. */
export interface OpeningChoice {
  /** False: kind, reason, amount and evidence are picked freely, so the opening is often refused. */
  readonly consistent: boolean;
  readonly group: ReasonGroup;
  readonly code: number;
  readonly returnItem: boolean;
  readonly itemReceived: boolean;
  readonly amount: AmountChoice;
  readonly seed: number;
  readonly evidence: number;
  /** Where in the protection window: a fraction of it, or before or after it. */
  readonly timing: number | 'before' | 'after';
}

/** The random choices behind one `OpenDispute`; about nine in ten are consistent with §2. */
export const openingChoiceArb: fc.Arbitrary<OpeningChoice> = fc.record({
  consistent: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  group: fc.constantFrom<ReasonGroup>('NOT_RECEIVED', 'NOT_AS_DESCRIBED', 'CHANGED_MIND'),
  code: fc.nat(10),
  returnItem: fc.boolean(),
  itemReceived: fc.boolean(),
  amount: amountChoiceArb,
  seed: fc.nat(),
  evidence: fc.nat(3),
  timing: fc.oneof(
    { weight: 12, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom('before' as const, 'after' as const) },
  ),
});

const amountFor = (choice: AmountChoice, refundable: Money, seed: number, natural: () => number): Money => {
  const r = refundable.amount;
  const partial = r > 1 ? 1 + (seed % (r - 1)) : r;
  switch (choice) {
    case 'natural':
      return money(natural(), refundable.currency);
    case 'full':
      return refundable;
    case 'partial':
      return money(partial, refundable.currency);
    case 'zero':
      return money(0, refundable.currency);
    case 'over':
      return money(Math.min(Number.MAX_SAFE_INTEGER, r + 1 + (seed % 1000)), refundable.currency);
    case 'huge':
      return money(Number.MAX_SAFE_INTEGER, refundable.currency);
    default:
      return money(Math.min(r, partial), (refundable.currency === 'EUR' ? 'USD' : 'EUR') as CurrencyCode);
  }
};

const refundableOf = (order: OrderSnapshot): Money =>
  money(Math.max(0, order.paid.amount - order.alreadyRefunded.amount), order.paid.currency);

/** Builds the `OpenDispute` of a scenario from its random choices. */
export const openDisputeCommand = (scenario: DisputeScenario, choice: OpeningChoice, commandId = 'c-open'): OpenDispute => {
  const { order, policy } = scenario;
  const refundable = refundableOf(order);
  const window = protectionWindow(order, policy);
  const start = window?.from ?? millisOf(order.paidAt);
  const end = window?.to ?? start + 30 * DAY_MS;
  const when =
    choice.timing === 'before' ? Math.max(EARLIEST, start - 1 - (choice.seed % (5 * DAY_MS))) : choice.timing === 'after' ? end + 1 + (choice.seed % (5 * DAY_MS)) : start + Math.floor((end - start) * choice.timing);
  let group = choice.group;
  let itemReceived = choice.itemReceived;
  let kind: OpenDispute['kind'] = choice.returnItem ? 'RETURN_AND_REFUND' : 'REFUND_ONLY';
  if (choice.consistent) {
    if (group === 'CHANGED_MIND' && !policy.allowNoReasonReturns) group = 'NOT_AS_DESCRIBED';
    itemReceived = group !== 'NOT_RECEIVED';
    kind = group === 'NOT_RECEIVED' ? 'REFUND_ONLY' : group === 'CHANGED_MIND' ? 'RETURN_AND_REFUND' : kind;
  }
  const codes = reasonCodes[group];
  const reason = { group, code: codes[choice.code % codes.length] } as Reason;
  const mustBeFull = group === 'NOT_RECEIVED' || (kind === 'RETURN_AND_REFUND' && !policy.allowPartialOnReturn);
  const mustBePartial = kind === 'REFUND_ONLY' && itemReceived && policy.strictPartialForKeptItem;
  const r = refundable.amount;
  const naturalAmount = (): number => (mustBeFull ? r : mustBePartial ? (r > 1 ? 1 + (choice.seed % (r - 1)) : r) : 1 + (choice.seed % r));
  const requested = choice.consistent ? money(naturalAmount(), refundable.currency) : amountFor(choice.amount, refundable, choice.seed, naturalAmount);
  const evidenceCount = choice.consistent && itemReceived && policy.requireEvidenceWhenReceived ? Math.max(1, choice.evidence) : choice.evidence;
  const limit = policy.maxEvidencePerParty === 'UNLIMITED' || !choice.consistent ? evidenceCount : Math.min(evidenceCount, policy.maxEvidencePerParty);
  const evidence = Array.from({ length: limit }, (_, i) => fixedEvidence(`ev-open-${i}`));
  return {
    type: 'OpenDispute',
    disputeId: scenario.disputeId,
    commandId: commandId as CommandId,
    actor: scenario.buyer,
    at: at(when),
    order,
    kind,
    itemReceived,
    reason,
    proposalId: 'p-open' as ProposalId,
    requested,
    description: 'Generated opening.',
    evidence,
    ...(scenario.policyChoice === undefined ? {} : { policy: scenario.policyChoice }),
  };
};

/** `OpenDispute` commands for a scenario, mostly consistent with §2 and inside the protection window. */
export const openDisputeArb = (scenario: DisputeScenario): fc.Arbitrary<OpenDispute> =>
  openingChoiceArb.map((choice) => openDisputeCommand(scenario, choice));

const fixedEvidence = (evidenceId: string): Evidence => ({
  evidenceId: evidenceId as EvidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: '0'.repeat(64),
  mime: 'image/jpeg',
  sizeBytes: 1_024,
});

// ================================================================== commands from any actor

/** Who sends a generated command: the role the rules expect (`natural`), or someone else. */
export type ActorChoice = 'natural' | 'buyer' | 'seller' | 'mediator' | 'system' | 'stranger' | 'partyAsMediator' | 'swapped';

/** How far the clock moves before a command: not at all, a little, a lot, or to a running deadline. */
export type TimeStep =
  | { readonly kind: 'stay' }
  | { readonly kind: 'tick'; readonly ms: number }
  | { readonly kind: 'toDeadline'; readonly extraMs: number; readonly early: boolean };

/**
 * The random choices behind one command. `commandFromStep` turns them into a command against the
 * current state, so that ids, proposals and deadlines refer to what exists (or, on purpose, not).
 */
export interface CommandStep {
  /** The command's type, or `Resend` to send an earlier command again (same `commandId`). */
  readonly type: CommandType | 'Resend';
  readonly actor: ActorChoice;
  readonly time: TimeStep;
  /** Picks among proposals, deadlines, earlier commands and roles. */
  readonly pick: number;
  readonly amount: AmountChoice;
  readonly seed: number;
  readonly flag: boolean;
  readonly variant: number;
  /** False: reuse an id that already exists, or refer to something that is not current. */
  readonly fresh: boolean;
  /** True: replace `type` by a command that matters in the current status (so runs move on). */
  readonly focus: boolean;
}

const commandTypeArb: fc.Arbitrary<CommandType | 'Resend'> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('MakeProposal' as const) },
  { weight: 8, arbitrary: fc.constant('AcceptProposal' as const) },
  { weight: 6, arbitrary: fc.constant('RejectProposal' as const) },
  { weight: 4, arbitrary: fc.constant('SubmitEvidence' as const) },
  { weight: 3, arbitrary: fc.constant('PostMessage' as const) },
  { weight: 6, arbitrary: fc.constant('Escalate' as const) },
  { weight: 4, arbitrary: fc.constant('RequestEvidence' as const) },
  { weight: 8, arbitrary: fc.constant('IssueRuling' as const) },
  { weight: 2, arbitrary: fc.constant('CancelDispute' as const) },
  { weight: 8, arbitrary: fc.constant('MarkReturnShipped' as const) },
  { weight: 8, arbitrary: fc.constant('ConfirmReturnReceived' as const) },
  { weight: 16, arbitrary: fc.constant('ExpireDeadline' as const) },
  { weight: 8, arbitrary: fc.constant('IssueRefund' as const) },
  { weight: 3, arbitrary: fc.constant('RecordRefundFailure' as const) },
  { weight: 1, arbitrary: fc.constant('OpenDispute' as const) },
  { weight: 3, arbitrary: fc.constant('Resend' as const) },
);

const actorChoiceArb: fc.Arbitrary<ActorChoice> = fc.oneof(
  { weight: 24, arbitrary: fc.constant('natural' as const) },
  { weight: 1, arbitrary: fc.constantFrom<ActorChoice>('buyer', 'seller', 'mediator', 'system') },
  { weight: 1, arbitrary: fc.constantFrom<ActorChoice>('stranger', 'partyAsMediator', 'swapped') },
);

const timeStepArb: fc.Arbitrary<TimeStep> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'stay' as const }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 * DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  { weight: 1, arbitrary: fc.integer({ min: DAY_MS, max: 20 * DAY_MS }).map((ms) => ({ kind: 'tick' as const, ms })) },
  {
    weight: 3,
    arbitrary: fc.record({ extraMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * HOUR_MS })), early: fc.oneof({ weight: 5, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }).map(
      ({ extraMs, early }) => ({ kind: 'toDeadline' as const, extraMs, early }),
    ),
  },
);

/** The random choices behind one command of any type, from any actor, at a later (or the same) instant. */
export const commandStepArb: fc.Arbitrary<CommandStep> = fc.record({
  type: commandTypeArb,
  actor: actorChoiceArb,
  time: timeStepArb,
  pick: fc.nat(1_000),
  amount: amountChoiceArb,
  seed: fc.nat(),
  flag: fc.boolean(),
  variant: fc.nat(9),
  fresh: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  focus: fc.boolean(),
});

/** The commands that matter in each status, for focused steps. */
const FOCUS: Readonly<Record<DisputeState['status'], ReadonlyArray<CommandType>>> = {
  NONE: ['OpenDispute'],
  AWAITING_SELLER: ['MakeProposal', 'AcceptProposal', 'RejectProposal', 'Escalate', 'ExpireDeadline', 'SubmitEvidence'],
  AWAITING_BUYER: ['MakeProposal', 'AcceptProposal', 'RejectProposal', 'Escalate', 'ExpireDeadline', 'PostMessage'],
  UNDER_MEDIATION: ['IssueRuling', 'IssueRuling', 'RequestEvidence', 'MakeProposal', 'AcceptProposal', 'SubmitEvidence', 'ExpireDeadline'],
  AWAITING_RETURN_SHIPMENT: ['MarkReturnShipped', 'MarkReturnShipped', 'ExpireDeadline'],
  AWAITING_RETURN_RECEIPT: ['ConfirmReturnReceived', 'ConfirmReturnReceived', 'ExpireDeadline'],
  AWAITING_REFUND: ['IssueRefund', 'IssueRefund', 'RecordRefundFailure'],
  CLOSED: commandTypes,
};

/** Where a generated run stands: the scenario, the state, the clock and what was sent and recorded so far. */
export interface RunContext {
  readonly scenario: DisputeScenario;
  readonly state: DisputeState;
  /** The clock, in epoch milliseconds: the `at` of the last command. */
  readonly now: number;
  readonly commands: ReadonlyArray<DisputeCommand>;
  readonly events: ReadonlyArray<DisputeEvent>;
}

const deadlinesEverStarted = (events: ReadonlyArray<DisputeEvent>): Deadline[] =>
  events.flatMap((e) => ('deadlines' in e.data ? [...(e.data as { deadlines: ReadonlyArray<Deadline> }).deadlines] : []));

const runningDeadlines = (state: DisputeState): ReadonlyArray<Deadline> => (isOpened(state) ? state.deadlines : []);

/** The instant a step's command is sent at: never before `now`. */
export const timeOfStep = (step: CommandStep, context: RunContext): number => {
  const { now } = context;
  switch (step.time.kind) {
    case 'stay':
      return now;
    case 'tick':
      return now + step.time.ms;
    default: {
      const running = runningDeadlines(context.state);
      const target = running[step.pick % Math.max(1, running.length)];
      if (target === undefined) return now + step.time.extraMs;
      const due = millisOf(target.dueAt);
      return Math.max(now, step.time.early ? due - 1 - step.time.extraMs : due + step.time.extraMs);
    }
  }
};

const naturalRole = (type: CommandType, step: CommandStep, state: DisputeState): Role => {
  const s = isOpened(state) ? state : undefined;
  switch (type) {
    case 'OpenDispute':
    case 'CancelDispute':
    case 'MarkReturnShipped':
      return 'buyer';
    case 'ConfirmReturnReceived':
      return 'seller';
    case 'MakeProposal':
      return s?.status === 'UNDER_MEDIATION' && step.pick % 3 === 2 ? 'mediator' : step.pick % 2 === 0 ? 'buyer' : 'seller';
    case 'SubmitEvidence': {
      const request = s?.openEvidenceRequests[step.pick % Math.max(1, s.openEvidenceRequests.length)];
      return request?.from ?? (step.flag ? 'buyer' : 'seller');
    }
    case 'PostMessage':
      return step.flag ? 'buyer' : 'seller';
    case 'Escalate':
      return step.flag || !s?.policy.sellerMayEscalate ? 'buyer' : 'seller';
    case 'RequestEvidence':
    case 'IssueRuling':
      return 'mediator';
    case 'AcceptProposal':
    case 'RejectProposal':
      return 'buyer'; // replaced by the counter-party of the chosen proposal
    default:
      return 'system';
  }
};

const actorFor = (choice: ActorChoice, role: Role, step: CommandStep, scenario: DisputeScenario): Actor => {
  const { buyer, seller, system, mediators, strangers } = scenario;
  const mediator = mediators[step.pick % mediators.length]!;
  const byRole = (r: Role): Actor => (r === 'buyer' ? buyer : r === 'seller' ? seller : r === 'mediator' ? mediator : system);
  switch (choice) {
    case 'natural':
      return byRole(role);
    case 'buyer':
    case 'seller':
    case 'mediator':
    case 'system':
      return byRole(choice);
    case 'stranger':
      return { role: step.flag ? 'buyer' : 'seller', id: strangers[step.pick % strangers.length]! };
    case 'partyAsMediator':
      return { role: 'mediator', id: step.flag ? buyer.id : seller.id };
    default:
      return step.flag ? { role: 'seller', id: buyer.id } : { role: 'buyer', id: seller.id };
  }
};

const partial = (refundable: Money, seed: number): number => (refundable.amount > 1 ? 1 + (seed % (refundable.amount - 1)) : refundable.amount);

/**
 * Turns a step into a command against the run's current state: a proposal id that is new (or one
 * that exists), an acceptance of a current proposal (or of any), an `ExpireDeadline` with the
 * `dueAt` of a running deadline (or of an old one, or a random one), amounts that fit (or break)
 * the refundable cap, from the actor the rules expect (or anyone else). Deterministic: the same
 * step and context give the same command.
 */
export const commandFromStep = (step: CommandStep, context: RunContext): DisputeCommand => {
  const { scenario, state, commands, events } = context;
  const index = commands.length;
  if (step.type === 'Resend' && !step.focus && commands.length > 0) return commands[step.pick % commands.length]!;
  const focused = FOCUS[state.status];
  const type: CommandType = step.focus ? focused[Math.floor(step.seed / 7_919) % focused.length]! : step.type === 'Resend' ? 'PostMessage' : step.type;
  // A focused party move happens soon (within six hours), so that parties often act before deadlines.
  const time = step.focus && type !== 'ExpireDeadline' ? context.now + (step.seed % (6 * HOUR_MS)) * (step.time.kind === 'stay' ? 0 : 1) : timeOfStep(step, context);
  const s: OpenedDispute | undefined = isOpened(state) ? state : undefined;
  const refundable = s?.refundable ?? refundableOf(scenario.order);
  const id = (prefix: string): string => `${prefix}-${index}`;

  // Acceptances and rejections choose a proposal first: the natural actor is its counter-party.
  const proposals = s?.proposals ?? [];
  const open = proposals.filter((p) => p.status === 'OPEN');
  const chosen = step.fresh && open.length > 0 ? open[step.pick % open.length] : proposals[step.pick % Math.max(1, proposals.length)];
  let role = naturalRole(type, step, state);
  if ((type === 'AcceptProposal' || type === 'RejectProposal') && chosen !== undefined) {
    role = chosen.by.role === 'buyer' ? 'seller' : chosen.by.role === 'seller' ? 'buyer' : step.flag ? 'buyer' : 'seller';
  }
  const actor = actorFor(step.actor, role, step, scenario);
  const envelope = {
    disputeId: step.seed % 97 === 0 && !step.fresh ? ('another-dispute' as DisputeId) : scenario.disputeId,
    commandId: id('c') as CommandId,
    actor,
    at: at(time),
  };
  const note = step.variant % 3 === 0 ? { note: `note ${index}` } : {};
  const existing = <T extends string>(ids: Iterable<string> | undefined, fallback: string): T => {
    const list = ids === undefined ? [] : [...ids];
    return (step.fresh || list.length === 0 ? fallback : list[step.pick % list.length]!) as T;
  };

  switch (type) {
    case 'OpenDispute':
      return openDisputeCommand(scenario, { consistent: step.fresh, group: 'NOT_RECEIVED', code: step.variant, returnItem: false, itemReceived: false, amount: step.amount, seed: step.seed, evidence: 0, timing: 0.5 }, id('c'));
    case 'MakeProposal': {
      const byBuyer = actor.role === 'buyer';
      const returnRequired = byBuyer ? (s?.kind === 'RETURN_AND_REFUND') !== (step.variant === 9) : step.variant % 3 === 0 && (s?.itemReceived ?? true);
      const natural = (): number => {
        if (!byBuyer) return actor.role === 'seller' && step.variant === 1 ? 0 : partial(refundable, step.seed);
        const full = s?.reason.group === 'NOT_RECEIVED' || (s?.kind === 'RETURN_AND_REFUND' && !s.policy.allowPartialOnReturn);
        const strict = s?.kind === 'REFUND_ONLY' && s.itemReceived && s.policy.strictPartialForKeptItem;
        return full ? refundable.amount : strict ? partial(refundable, step.seed) : 1 + (step.seed % Math.max(1, refundable.amount));
      };
      return {
        type,
        ...envelope,
        proposalId: existing<ProposalId>(s?.seen.proposalIds, id('p')),
        amount: amountFor(step.amount, refundable, step.seed, natural),
        returnRequired,
        ...(returnRequired && step.variant % 2 === 0 ? { returnShippingPaidBy: step.flag ? 'buyer' : 'seller' } : {}),
        ...note,
      };
    }
    case 'AcceptProposal':
      return { type, ...envelope, proposalId: (chosen?.proposalId ?? 'p-unknown') as ProposalId };
    case 'RejectProposal':
      return { type, ...envelope, proposalId: (chosen?.proposalId ?? 'p-unknown') as ProposalId, ...note };
    case 'SubmitEvidence':
      return { type, ...envelope, evidence: fixedEvidence(existing<string>(s?.seen.evidenceIds, id('ev'))) };
    case 'PostMessage':
      return { type, ...envelope, messageId: id('m') as Identifier, text: `Message ${index}.` };
    case 'Escalate':
      return { type, ...envelope, ...note };
    case 'RequestEvidence':
      return {
        type,
        ...envelope,
        requestId: existing<Identifier>(s?.seen.requestIds, id('rq')),
        from: step.flag ? 'buyer' : 'seller',
        description: 'Please send a photo of the parcel.',
      };
    case 'IssueRuling': {
      const buyerFavour = step.flag;
      const returnRequired = buyerFavour && step.variant % 3 === 0 && (s?.itemReceived ?? true) && s?.mediationRound !== 'RETURN';
      return {
        type,
        ...envelope,
        rulingId: id('r') as Identifier,
        outcome: buyerFavour ? 'BUYER_FAVOUR' : 'SELLER_FAVOUR',
        refund: amountFor(step.amount, refundable, step.seed, () => (buyerFavour ? (step.variant % 2 === 0 ? refundable.amount : partial(refundable, step.seed)) : 0)),
        returnRequired,
        rationale: 'Generated ruling.',
        ...(returnRequired && step.variant % 2 === 0 ? { returnShippingPaidBy: 'seller' as const } : {}),
      };
    }
    case 'CancelDispute':
      return { type, ...envelope, ...note };
    case 'MarkReturnShipped':
      return { type, ...envelope, carrier: 'UPS', trackingNumber: `1Z${index}` };
    case 'ConfirmReturnReceived': {
      const conditions = ['NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS'] as const;
      return { type, ...envelope, condition: step.variant < 6 ? 'AS_EXPECTED' : conditions[step.pick % conditions.length]! };
    }
    case 'ExpireDeadline': {
      const running = runningDeadlines(state);
      const known = deadlinesEverStarted(events);
      const mode = step.variant % 4;
      const target: Deadline | undefined =
        mode <= 1 && running.length > 0 ? running[step.pick % running.length] : mode === 2 && known.length > 0 ? known[step.pick % known.length] : undefined;
      const kinds: DeadlineKind[] = ['SELLER_RESPONSE', 'BUYER_RESPONSE', 'NEGOTIATION_WINDOW', 'EVIDENCE_REQUEST', 'RETURN_SHIPMENT', 'RETURN_RECEIPT'];
      const deadline: Deadline = target ?? { kind: kinds[step.pick % kinds.length]!, dueAt: at(Math.max(EARLIEST, time - 10 * DAY_MS + (step.seed % (20 * DAY_MS)))) };
      const party: Party | undefined = deadline.party ?? (deadline.kind === 'EVIDENCE_REQUEST' ? (step.flag ? 'buyer' : 'seller') : undefined);
      return { type, ...envelope, kind: deadline.kind, dueAt: deadline.dueAt, ...(party === undefined || (step.fresh && step.flag && target !== undefined) ? {} : { party }) };
    }
    case 'IssueRefund': {
      const owed = s?.resolution?.refund ?? refundable;
      return {
        type,
        ...envelope,
        refundId: id('rf') as Identifier,
        amount: amountFor(step.amount === 'full' ? 'natural' : step.amount, refundable, step.seed, () => owed.amount),
        gatewayReference: id('gw') as Identifier,
      };
    }
    default:
      return { type: 'RecordRefundFailure', ...envelope, attempt: 1 + step.variant, errorCode: `E${step.variant}`, retryable: step.flag };
  }
};

/** One command of any type from any actor, against `state` at or after `now` (see `commandFromStep`). */
export const commandArb = (context: RunContext): fc.Arbitrary<DisputeCommand> => commandStepArb.map((step) => commandFromStep(step, context));

// ================================================================== histories

/** A command, the state it was decided against, and the decision. */
export interface DecidedCommand {
  readonly command: DisputeCommand;
  readonly stateBefore: DisputeState;
  readonly decision: Decision;
}

/** The outcome of running commands through `decide` and `evolve`. */
export interface CommandRun {
  readonly decided: ReadonlyArray<DecidedCommand>;
  /** The accepted events, in order. */
  readonly events: ReadonlyArray<DisputeEvent>;
  readonly state: DisputeState;
}

/** A generated dispute: its scenario, the commands sent, what each decided, and the history recorded. */
export interface GeneratedHistory extends CommandRun {
  readonly scenario: DisputeScenario;
  readonly commands: ReadonlyArray<DisputeCommand>;
}

const applyDecision = (state: DisputeState, decision: Decision): DisputeState =>
  E.isRight(decision) ? decision.right.reduce(evolve, state) : state;

/** Runs commands through `decide`, folding the accepted events with `evolve` (a refused command changes nothing). */
export const runCommands = (commands: Iterable<DisputeCommand>, from: DisputeState = initialState): CommandRun => {
  const decided: DecidedCommand[] = [];
  const events: DisputeEvent[] = [];
  let state = from;
  for (const command of commands) {
    const decision = decide(command, state);
    decided.push({ command, stateBefore: state, decision });
    if (E.isRight(decision)) events.push(...decision.right);
    state = applyDecision(state, decision);
  }
  return { decided, events, state };
};

/** Runs an opening and steps of a scenario into a history (deterministic). */
export const generateHistory = (scenario: DisputeScenario, opening: OpeningChoice, steps: ReadonlyArray<CommandStep>): GeneratedHistory => {
  const commands: DisputeCommand[] = [];
  const decided: DecidedCommand[] = [];
  const events: DisputeEvent[] = [];
  let state: DisputeState = initialState;
  const send = (command: DisputeCommand): void => {
    const decision = decide(command, state);
    commands.push(command);
    decided.push({ command, stateBefore: state, decision });
    if (E.isRight(decision)) events.push(...decision.right);
    state = applyDecision(state, decision);
  };
  const open = openDisputeCommand(scenario, opening);
  send(open);
  let now = millisOf(open.at);
  for (const step of steps) {
    const command = commandFromStep(step, { scenario, state, now, commands, events });
    now = Math.max(now, millisOf(command.at));
    send(command);
  }
  return withSummary({ scenario, commands, decided, events, state });
};

/** One line per command: who sent what, when, and what it decided. */
export const describeRun = (scenario: DisputeScenario, decided: ReadonlyArray<DecidedCommand>): string => {
  const { order } = scenario;
  const head = `policy ${scenario.policy.name}; order ${order.orderId} paid ${order.paid.amount} ${order.paid.currency}, already refunded ${order.alreadyRefunded.amount}; buyer ${order.buyerId}, seller ${order.sellerId}`;
  const lines = decided.map(({ command, decision }, i) => {
    const outcome = E.isLeft(decision) ? `refused ${decision.left._tag}` : decision.right.length === 0 ? 'nothing (repeat)' : decision.right.map((e) => e.type).join(', ');
    return `${i + 1}. ${command.type} ${command.commandId} by ${command.actor.role}:${command.actor.id} at ${command.at} -> ${outcome}`;
  });
  return [head, ...lines].join('\n');
};

/** Adds a readable summary for fast-check's counterexample reports (not enumerable: equality ignores it). */
const withSummary = <T extends GeneratedHistory>(history: T): T =>
  Object.defineProperty(history, fc.toStringMethod, { value: () => `\n${describeRun(history.scenario, history.decided)}\n`, enumerable: false });

/** Options of `historyArb`. */
export interface HistoryOptions extends ScenarioOptions {
  /** Most commands after the opening (default 40). */
  readonly maxCommands?: number;
  /** Fixes some of the opening's choices, e.g. `{ group: 'NOT_AS_DESCRIBED', returnItem: true }` for returns. */
  readonly opening?: Partial<OpeningChoice>;
}

/**
 * Whole histories: a scenario, an opening, then random commands of every type from any actor with
 * non-decreasing `at` (including `ExpireDeadline` for running, stale and random deadlines and resent
 * commands), run through `decide` and `evolve`; the history is the accepted events.
 */
export const historyArb = (options: HistoryOptions = {}): fc.Arbitrary<GeneratedHistory> =>
  fc
    .record({
      scenario: scenarioArb(options),
      opening: openingChoiceArb.map((choice) => ({ ...choice, ...options.opening })),
      steps: fc.array(commandStepArb, { maxLength: options.maxCommands ?? 40, size: 'max' }),
    })
    .map(({ scenario, opening, steps }) => generateHistory(scenario, opening, steps));

// ================================================================== any well-formed command or event

const envelopeArb = fc.record({
  disputeId: identifierArb,
  commandId: identifierArb,
  actor: anyActorArb,
  at: instantArb(),
});

const optional = <T extends Record<string, unknown>>(required: Record<string, fc.Arbitrary<unknown>>, optionalFields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<T> =>
  fc.record({ ...required, ...optionalFields }, { requiredKeys: Object.keys(required) }) as unknown as fc.Arbitrary<T>;

const partyArb = fc.constantFrom<Party>('buyer', 'seller');
const deadlineKindArb = fc.constantFrom<DeadlineKind>('SELLER_RESPONSE', 'BUYER_RESPONSE', 'NEGOTIATION_WINDOW', 'EVIDENCE_REQUEST', 'RETURN_SHIPMENT', 'RETURN_RECEIPT');
const deadlineArb: fc.Arbitrary<Deadline> = optional<Deadline>({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb });
const deadlinesArb = fc.array(deadlineArb, { maxLength: 3 });
const outcomeArb = fc.constantFrom('BUYER_FAVOUR' as const, 'SELLER_FAVOUR' as const);
const basisArb = fc.constantFrom('AGREEMENT', 'RULING', 'SELLER_SILENCE', 'BUYER_SILENCE', 'RETURN_CONFIRMED', 'RETURN_NOT_SHIPPED', 'RETURN_RECEIPT_SILENCE');
const conditionArb = fc.constantFrom('AS_EXPECTED', 'NOT_RECEIVED', 'DAMAGED', 'EMPTY_OR_DIFFERENT', 'MISSING_ITEMS');
const kindArb = fc.constantFrom('REFUND_ONLY' as const, 'RETURN_AND_REFUND' as const);

const commandFields = (type: CommandType): fc.Arbitrary<Record<string, unknown>> => {
  const m = moneyArb();
  switch (type) {
    case 'OpenDispute':
      return optional(
        { order: orderArb(), kind: kindArb, itemReceived: fc.boolean(), reason: reasonArb, proposalId: identifierArb, requested: m, description: textArb(), evidence: fc.array(evidenceArb(), { maxLength: 2 }) },
        { policy: policyChoiceArb },
      );
    case 'MakeProposal':
      return optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean() }, { returnShippingPaidBy: partyArb, note: textArb() });
    case 'AcceptProposal':
      return fc.record({ proposalId: identifierArb });
    case 'RejectProposal':
      return optional({ proposalId: identifierArb }, { note: textArb() });
    case 'SubmitEvidence':
      return fc.record({ evidence: evidenceArb() });
    case 'PostMessage':
      return fc.record({ messageId: identifierArb, text: textArb() });
    case 'Escalate':
    case 'CancelDispute':
      return optional({}, { note: textArb() });
    case 'RequestEvidence':
      return fc.record({ requestId: identifierArb, from: partyArb, description: textArb() });
    case 'IssueRuling':
      return optional({ rulingId: identifierArb, outcome: outcomeArb, refund: m, returnRequired: fc.boolean(), rationale: textArb() }, { returnShippingPaidBy: partyArb });
    case 'MarkReturnShipped':
      return fc.record({ carrier: textArb(), trackingNumber: textArb() });
    case 'ConfirmReturnReceived':
      return fc.record({ condition: conditionArb });
    case 'ExpireDeadline':
      return optional({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb });
    case 'IssueRefund':
      return fc.record({ refundId: identifierArb, amount: m, gatewayReference: identifierArb });
    default:
      return fc.record({ attempt: fc.integer({ min: 1, max: 1_000 }), errorCode: textArb(), retryable: fc.boolean() });
  }
};

/**
 * Commands of one type that the command codecs accept (well-formed, not necessarily allowed by the
 * rules): any ids, actors, instants, amounts and currencies.
 */
export const commandOfTypeArb = <K extends CommandType>(type: K): fc.Arbitrary<Extract<DisputeCommand, { type: K }>> =>
  fc.tuple(envelopeArb, commandFields(type)).map(([envelope, fields]) => ({ type, ...envelope, ...fields }) as unknown as Extract<DisputeCommand, { type: K }>);

/** Well-formed commands of every type. */
export const anyCommandArb: fc.Arbitrary<DisputeCommand> = fc.oneof(...commandTypes.map((type) => commandOfTypeArb(type) as fc.Arbitrary<DisputeCommand>));

const eventFields = (type: EventType): fc.Arbitrary<Record<string, unknown>> => {
  const m = moneyArb();
  switch (type) {
    case 'DisputeOpened':
      return fc.record({
        order: orderArb(),
        kind: kindArb,
        itemReceived: fc.boolean(),
        reason: reasonArb,
        proposalId: identifierArb,
        requested: m,
        refundable: m,
        description: textArb(),
        evidence: fc.array(evidenceArb(), { maxLength: 2 }),
        policy: policyArb,
        deadlines: deadlinesArb,
      });
    case 'ProposalMade':
      return optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean(), deadlines: deadlinesArb }, { returnShippingPaidBy: partyArb, note: textArb(), supersedes: identifierArb });
    case 'ProposalAccepted':
      return optional({ proposalId: identifierArb, amount: m, returnRequired: fc.boolean() }, { onBehalfOf: partyArb, returnShippingPaidBy: partyArb });
    case 'ProposalRejected':
      return optional({ proposalId: identifierArb, deadlines: deadlinesArb }, { note: textArb() });
    case 'EvidenceSubmitted':
      return optional({ evidence: evidenceArb() }, { answersRequestId: identifierArb });
    case 'EvidenceRequested':
      return fc.record({ requestId: identifierArb, from: partyArb, description: textArb(), deadlines: fc.tuple(fc.record({ kind: fc.constant<DeadlineKind>('EVIDENCE_REQUEST'), dueAt: instantArb(), party: partyArb })) });
    case 'MessagePosted':
      return fc.record({ messageId: identifierArb, text: textArb() });
    case 'Escalated':
      return optional(
        { reason: fc.constantFrom('BUYER_REQUEST', 'SELLER_REQUEST', 'SELLER_SILENCE', 'BUYER_SILENCE', 'NEGOTIATION_EXPIRED', 'RETURN_DISPUTED', 'RETURN_RECEIPT_SILENCE') },
        { note: textArb() },
      );
    case 'RulingIssued':
      return optional(
        { rulingId: identifierArb, outcome: outcomeArb, refund: m, returnRequired: fc.boolean(), rationale: textArb(), round: fc.constantFrom('DISPUTE', 'RETURN') },
        { returnShippingPaidBy: partyArb },
      );
    case 'ReturnRequested':
      return optional({ refund: m, basis: basisArb, deadlines: deadlinesArb }, { returnShippingPaidBy: partyArb });
    case 'ReturnShipped':
      return fc.record({ carrier: textArb(), trackingNumber: textArb(), deadlines: deadlinesArb });
    case 'ReturnReceived':
      return fc.record({ condition: conditionArb });
    case 'DeadlineExpired':
      return optional({ kind: deadlineKindArb, dueAt: instantArb() }, { party: partyArb });
    case 'Resolved':
      return fc.record({ outcome: outcomeArb, basis: basisArb, refund: m, isFullRefund: fc.boolean() });
    case 'RefundIssued':
      return fc.record({ refundId: identifierArb, amount: m, gatewayReference: identifierArb, idempotencyKey: textArb() });
    case 'RefundFailed':
      return fc.record({ attempt: fc.integer({ min: 1, max: 1_000 }), errorCode: textArb(), retryable: fc.boolean() });
    case 'DisputeCancelled':
      return optional({ reason: fc.constantFrom('BUYER_WITHDREW', 'NEGOTIATION_EXPIRED') }, { note: textArb() });
    default:
      return fc.record({ outcome: fc.constantFrom('REFUNDED_FULL', 'REFUNDED_PARTIAL', 'SELLER_FAVOUR', 'CANCELLED_BY_BUYER'), refunded: m });
  }
};

const eventCommonArb = fc.record({ disputeId: identifierArb, at: instantArb(), by: anyActorArb, commandId: identifierArb });

/** Events of one type that the event codecs accept (well-formed, not necessarily a consistent history). */
export const eventOfTypeArb = <K extends EventType>(type: K): fc.Arbitrary<EventOf<K>> =>
  fc.tuple(eventCommonArb, eventFields(type)).map(([common, fields]) => ({ type, data: { ...common, ...fields } }) as unknown as EventOf<K>);

/** Well-formed events of every type. */
export const anyEventArb: fc.Arbitrary<DisputeEvent> = fc.oneof(...eventTypes.map((type) => eventOfTypeArb(type) as fc.Arbitrary<DisputeEvent>));
