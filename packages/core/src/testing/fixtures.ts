import * as E from 'fp-ts/lib/Either.js';
import type { CommandType, DisputeCommand } from '../dispute/commands';
import type { DisputeState, OpenedDispute } from '../dispute/state';
import type { DisputeEvent, EventOf, EventType } from '../dispute/events';
import { encodeEvent, parseCommand, parseEvent } from '../dispute/parse';
import { customPolicy } from '../policy/customPolicy';
import type { DisputePolicy } from '../policy/policy';
import type { PresetName } from '../policy/presets';
import { diffValues } from './givenWhenThen';

// ------------------------------------------------------------------ the cast

/** The buyer of the fixture order. */
export const BUYER_ID = 'buyer-1';
/** The seller of the fixture order. */
export const SELLER_ID = 'seller-1';
/** A platform mediator. */
export const MEDIATOR_ID = 'mediator-1';
/** The system actor (clock and payment integration). */
export const SYSTEM_ID = 'system';
/** The fixture dispute. */
export const DISPUTE_ID = 'dispute-1';
/** The fixture order. */
export const ORDER_ID = 'order-1';
/** The fixture order's currency. */
export const CURRENCY = 'USD';
/** What the fixture order cost: 100.00 USD in cents. */
export const PRICE = 10_000;
/** The id of the buyer's opening request (the first proposal). */
export const OPENING_PROPOSAL_ID = 'p-open';
/** When the fixture order was paid: Monday 2 March 2026, 10:00 UTC. */
export const PAID_AT = '2026-03-02T10:00:00.000Z';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** An instant `days` days (and `hours` hours) after `PAID_AT`, in canonical ISO form. */
export const day = (days: number, hours = 0): string => new Date(Date.parse(PAID_AT) + days * DAY_MS + hours * HOUR_MS).toISOString();

/** `instant` plus a number of calendar days (and milliseconds), in canonical ISO form. */
export const plusDays = (instant: string, days: number, millis = 0): string =>
  new Date(Date.parse(instant) + days * DAY_MS + millis).toISOString();

/** The actors of the fixtures, by name. */
export const actors = {
  buyer: { role: 'buyer', id: BUYER_ID },
  seller: { role: 'seller', id: SELLER_ID },
  mediator: { role: 'mediator', id: MEDIATOR_ID },
  system: { role: 'system', id: SYSTEM_ID },
} as const;

/** The name of a fixture actor. */
export type ActorName = keyof typeof actors;

/** An actor: a fixture name, or any `{ role, id }` (possibly invalid, to test refusals). */
export type ActorInput = ActorName | { readonly role: string; readonly id: string };

const actorJson = (actor: ActorInput): { role: string; id: string } =>
  typeof actor === 'string' ? { ...actors[actor] } : { role: actor.role, id: actor.id };

/** Money as plain JSON: minor units in `USD` unless another currency is given. */
export const usd = (amount: number, currency: string = CURRENCY): { amount: number; currency: string } => ({ amount, currency });

let commandCounter = 0;

/** A fresh command id (`cmd-1`, `cmd-2`, ...), unique within a test run. */
export const nextCommandId = (): string => `cmd-${++commandCounter}`;

// ------------------------------------------------------------------ decoding

/** Decodes a command with `parseCommand`, throwing the validation message if it is invalid (test code only). */
export const command = (json: unknown): DisputeCommand => {
  const decoded = parseCommand(json);
  if (E.isLeft(decoded)) throw new Error(`Invalid fixture command: ${decoded.left.message}`);
  return decoded.right;
};

/** Decodes a command of one type from JSON fields (test code only; throws if invalid). */
export const commandOf = <T extends CommandType>(type: T, json: Record<string, unknown>): Extract<DisputeCommand, { type: T }> => {
  const decoded = command({ ...json, type });
  return decoded as Extract<DisputeCommand, { type: T }>;
};

/**
 * Decodes an event with `parseEvent`, throwing if it is invalid or if decoding dropped a field
 * (events tolerate unknown fields, but an expected event with a misspelt field is a test bug).
 */
export const event = (json: unknown): DisputeEvent => {
  const decoded = parseEvent(json);
  if (E.isLeft(decoded)) throw new Error(`Invalid fixture event: ${decoded.left.message}`);
  const dropped = diffValues(JSON.parse(JSON.stringify(json)), encodeEvent(decoded.right));
  if (dropped.length > 0) throw new Error(`Fixture event changed when decoded: ${dropped.join('; ')}`);
  return decoded.right;
};

/** The fields every event copies from the command that caused it. */
type CommandEnvelope = Pick<DisputeCommand, 'disputeId' | 'at' | 'actor' | 'commandId'>;

/**
 * The event a command is expected to emit: `disputeId`, `at`, `by` and `commandId` come from the
 * command; `data` gives the rest, as plain JSON (decoded and checked like `event`).
 */
export const eventFrom = <K extends EventType>(cause: CommandEnvelope, type: K, data: Record<string, unknown> = {}): EventOf<K> =>
  event({
    type,
    data: { disputeId: cause.disputeId, at: cause.at, by: cause.actor, commandId: cause.commandId, ...data },
  }) as EventOf<K>;

/** A policy built from a preset with overrides (`customPolicy`), throwing if the overrides are invalid. */
export const policyWith = (base: PresetName | DisputePolicy, overrides: Record<string, unknown>): DisputePolicy => {
  const built = customPolicy(base, overrides);
  if (E.isLeft(built)) throw new Error(`Invalid fixture policy: ${built.left.message}`);
  return built.right;
};

// ------------------------------------------------------------------ orders and evidence

/**
 * The fixture order as plain JSON: 100.00 USD paid by `buyer-1` to `seller-1` at `PAID_AT`; the seller
 * refused the buyer's cancellation an hour later (the `seed` policy opens a dispute only after that);
 * shipped a day later, to be delivered within 25 days; not delivered. Overrides replace fields
 * (`undefined` removes one: `{ cancellationRefusedAt: undefined }` is an order never asked to cancel).
 */
export const orderJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  withoutUndefined({
    orderId: ORDER_ID,
    buyerId: BUYER_ID,
    sellerId: SELLER_ID,
    paid: usd(PRICE),
    alreadyRefunded: usd(0),
    paidAt: PAID_AT,
    cancellationRefusedAt: day(0, 1),
    shippedAt: day(1),
    deliveryDeadlineAt: day(25),
    ...overrides,
  });

/** The fixture order once delivered (day 6) and received. */
export const deliveredOrderJson = (overrides: Record<string, unknown> = {}): Record<string, unknown> =>
  orderJson({ deliveredAt: day(6), receiptConfirmedAt: day(6), ...overrides });

/** Evidence metadata as plain JSON (a photo), with optional overrides. */
export const evidenceJson = (evidenceId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  evidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: 'a'.repeat(64),
  mime: 'image/jpeg',
  sizeBytes: 204_800,
  ...overrides,
});

const withoutUndefined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

// ------------------------------------------------------------------ commands

/** Fields every command builder accepts. `at` is required: time only comes in with commands. */
export interface CommandOptions {
  readonly at: string;
  readonly by?: ActorInput;
  readonly commandId?: string;
  readonly disputeId?: string;
}

/** The envelope fields of a fixture command, from its options and the actor who sends it by default. */
export const envelope = (options: CommandOptions, defaultActor: ActorName): Record<string, unknown> => ({
  disputeId: options.disputeId ?? DISPUTE_ID,
  commandId: options.commandId ?? nextCommandId(),
  actor: actorJson(options.by ?? defaultActor),
  at: options.at,
});

/** Options of the `OpenDispute` builders; `order` merges into the scenario's order, `fields` overrides anything. */
export interface OpenOptions extends CommandOptions {
  readonly order?: Record<string, unknown>;
  /** The requested refund in minor units (the scenario's default otherwise). */
  readonly requested?: number;
  readonly currency?: string;
  readonly policy?: PresetName | DisputePolicy;
  readonly evidence?: ReadonlyArray<Record<string, unknown>>;
  readonly proposalId?: string;
  /** Raw overrides of any top-level field, applied last. */
  readonly fields?: Record<string, unknown>;
}

const openJson = (
  options: OpenOptions,
  scenario: { kind: string; itemReceived: boolean; reason: Record<string, string>; requested: number; description: string; delivered: boolean; evidence: ReadonlyArray<Record<string, unknown>> },
): Record<string, unknown> =>
  withoutUndefined({
    type: 'OpenDispute',
    ...envelope(options, 'buyer'),
    order: scenario.delivered ? deliveredOrderJson(options.order) : orderJson(options.order),
    kind: scenario.kind,
    itemReceived: scenario.itemReceived,
    reason: scenario.reason,
    proposalId: options.proposalId ?? OPENING_PROPOSAL_ID,
    requested: usd(options.requested ?? scenario.requested, options.currency),
    description: scenario.description,
    evidence: options.evidence ?? scenario.evidence,
    policy: options.policy,
    ...options.fields,
  });

/** `OpenDispute` as plain JSON: the item never arrived (REFUND_ONLY, not received, full refund, no evidence). */
export const openNotReceivedJson = (options: OpenOptions): Record<string, unknown> =>
  openJson(options, {
    kind: 'REFUND_ONLY',
    itemReceived: false,
    reason: { group: 'NOT_RECEIVED', code: 'IN_TRANSIT_OVERDUE' },
    requested: PRICE,
    description: 'The parcel never arrived and tracking has not moved for three weeks.',
    delivered: false,
    evidence: [],
  });

/** `OpenDispute`: the item never arrived; the buyer asks for the full 100.00 USD. */
export const openNotReceived = (options: OpenOptions) => commandOf('OpenDispute', openNotReceivedJson(options));

/** `OpenDispute` as plain JSON: the item arrived damaged and the buyer keeps it (REFUND_ONLY, 40.00 USD, one photo). */
export const openKeptItemJson = (options: OpenOptions): Record<string, unknown> =>
  openJson(options, {
    kind: 'REFUND_ONLY',
    itemReceived: true,
    reason: { group: 'NOT_AS_DESCRIBED', code: 'DAMAGED' },
    requested: 4_000,
    description: 'The lamp arrived with a cracked shade; I will keep it for a partial refund.',
    delivered: true,
    evidence: [evidenceJson('ev-open-1')],
  });

/** `OpenDispute`: the item arrived damaged, the buyer keeps it and asks for 40.00 USD. */
export const openKeptItem = (options: OpenOptions) => commandOf('OpenDispute', openKeptItemJson(options));

/** `OpenDispute` as plain JSON: the wrong item arrived and goes back (RETURN_AND_REFUND, full refund, one photo). */
export const openReturnJson = (options: OpenOptions): Record<string, unknown> =>
  openJson(options, {
    kind: 'RETURN_AND_REFUND',
    itemReceived: true,
    reason: { group: 'NOT_AS_DESCRIBED', code: 'WRONG_ITEM' },
    requested: PRICE,
    description: 'I ordered a blue lamp and received a red one; I want to send it back.',
    delivered: true,
    evidence: [evidenceJson('ev-open-1')],
  });

/** `OpenDispute`: the wrong item arrived; the buyer returns it for the full 100.00 USD. */
export const openReturn = (options: OpenOptions) => commandOf('OpenDispute', openReturnJson(options));

/** `MakeProposal`, by the seller unless `by` says otherwise. */
export const makeProposal = (
  options: CommandOptions & {
    readonly proposalId: string;
    readonly amount: number;
    readonly currency?: string;
    readonly returnRequired?: boolean;
    readonly returnShippingPaidBy?: 'buyer' | 'seller';
    readonly note?: string;
  },
) =>
  commandOf(
    'MakeProposal',
    withoutUndefined({
      ...envelope(options, 'seller'),
      proposalId: options.proposalId,
      amount: usd(options.amount, options.currency),
      returnRequired: options.returnRequired ?? false,
      returnShippingPaidBy: options.returnShippingPaidBy,
      note: options.note,
    }),
  );

/** `AcceptProposal`, by the buyer unless `by` says otherwise. */
export const acceptProposal = (options: CommandOptions & { readonly proposalId: string }) =>
  commandOf('AcceptProposal', { ...envelope(options, 'buyer'), proposalId: options.proposalId });

/** `RejectProposal`, by the seller unless `by` says otherwise. */
export const rejectProposal = (options: CommandOptions & { readonly proposalId: string; readonly note?: string }) =>
  commandOf('RejectProposal', withoutUndefined({ ...envelope(options, 'seller'), proposalId: options.proposalId, note: options.note }));

/** `SubmitEvidence` of a photo, by the buyer unless `by` says otherwise. */
export const submitEvidence = (options: CommandOptions & { readonly evidenceId: string; readonly evidence?: Record<string, unknown> }) =>
  commandOf('SubmitEvidence', { ...envelope(options, 'buyer'), evidence: evidenceJson(options.evidenceId, options.evidence) });

/** `PostMessage`, by the buyer unless `by` says otherwise. */
export const postMessage = (options: CommandOptions & { readonly messageId: string; readonly text?: string }) =>
  commandOf('PostMessage', { ...envelope(options, 'buyer'), messageId: options.messageId, text: options.text ?? 'Any news about my parcel?' });

/** `Escalate`, by the buyer unless `by` says otherwise. */
export const escalate = (options: CommandOptions & { readonly note?: string }) =>
  commandOf('Escalate', withoutUndefined({ ...envelope(options, 'buyer'), note: options.note }));

/** `RequestEvidence`, by the mediator. */
export const requestEvidence = (
  options: CommandOptions & { readonly requestId: string; readonly from: 'buyer' | 'seller'; readonly description?: string },
) =>
  commandOf('RequestEvidence', {
    ...envelope(options, 'mediator'),
    requestId: options.requestId,
    from: options.from,
    description: options.description ?? 'Please send the tracking history of the parcel.',
  });

/** `IssueRuling`, by the mediator. */
export const issueRuling = (
  options: CommandOptions & {
    readonly rulingId?: string;
    readonly outcome: 'BUYER_FAVOUR' | 'SELLER_FAVOUR';
    readonly refund: number;
    readonly currency?: string;
    readonly returnRequired?: boolean;
    readonly returnShippingPaidBy?: 'buyer' | 'seller';
    readonly rationale?: string;
    /** Who pays, in minor units of the ruling's currency (else the policy decides). */
    readonly liability?: { readonly seller: number; readonly platform: number };
  },
) =>
  commandOf(
    'IssueRuling',
    withoutUndefined({
      ...envelope(options, 'mediator'),
      rulingId: options.rulingId ?? 'ruling-1',
      outcome: options.outcome,
      refund: usd(options.refund, options.currency),
      returnRequired: options.returnRequired ?? false,
      returnShippingPaidBy: options.returnShippingPaidBy,
      rationale: options.rationale ?? 'The evidence supports this outcome.',
      liability:
        options.liability === undefined
          ? undefined
          : { seller: usd(options.liability.seller, options.currency), platform: usd(options.liability.platform, options.currency) },
    }),
  );

/** `CancelDispute`, by the buyer unless `by` says otherwise. */
export const cancelDispute = (options: CommandOptions & { readonly note?: string }) =>
  commandOf('CancelDispute', withoutUndefined({ ...envelope(options, 'buyer'), note: options.note }));

/** `MarkReturnShipped`, by the buyer unless `by` says otherwise. */
export const markReturnShipped = (options: CommandOptions & { readonly carrier?: string; readonly trackingNumber?: string }) =>
  commandOf('MarkReturnShipped', {
    ...envelope(options, 'buyer'),
    carrier: options.carrier ?? 'DHL',
    trackingNumber: options.trackingNumber ?? 'JD014600006281234567',
  });

/** `ConfirmReturnReceived`, by the seller unless `by` says otherwise. */
export const confirmReturnReceived = (
  options: CommandOptions & { readonly condition?: 'AS_EXPECTED' | 'NOT_RECEIVED' | 'DAMAGED' | 'EMPTY_OR_DIFFERENT' | 'MISSING_ITEMS' },
) => commandOf('ConfirmReturnReceived', { ...envelope(options, 'seller'), condition: options.condition ?? 'AS_EXPECTED' });

/** `ExpireDeadline`, by the system unless `by` says otherwise. */
export const expireDeadline = (
  options: CommandOptions & { readonly kind: string; readonly dueAt: string; readonly party?: 'buyer' | 'seller' },
) =>
  commandOf(
    'ExpireDeadline',
    withoutUndefined({ ...envelope(options, 'system'), kind: options.kind, dueAt: options.dueAt, party: options.party }),
  );

/** `IssueRefund`, by the system unless `by` says otherwise. */
export const issueRefund = (
  options: CommandOptions & { readonly amount: number; readonly currency?: string; readonly refundId?: string; readonly gatewayReference?: string },
) =>
  commandOf('IssueRefund', {
    ...envelope(options, 'system'),
    refundId: options.refundId ?? 'refund-1',
    amount: usd(options.amount, options.currency),
    gatewayReference: options.gatewayReference ?? 'gw-ref-1',
  });

/** `RecordRefundFailure`, by the system unless `by` says otherwise. */
export const recordRefundFailure = (
  options: CommandOptions & { readonly attempt?: number; readonly errorCode?: string; readonly retryable?: boolean; readonly permanent?: boolean },
) =>
  commandOf('RecordRefundFailure', {
    ...envelope(options, 'system'),
    attempt: options.attempt ?? 1,
    errorCode: options.errorCode ?? 'gateway_timeout',
    retryable: options.retryable ?? true,
    ...(options.permanent === undefined ? {} : { permanent: options.permanent }),
  });

/** `RetryRefund`, by the mediator: a blocked refund goes back for another round of attempts. */
export const retryRefund = (options: CommandOptions & { readonly note?: string }) =>
  commandOf('RetryRefund', withoutUndefined({ ...envelope(options, 'mediator'), note: options.note }));

/** The state as an opened dispute; throws (failing the test) when no dispute has been opened. */
export const expectOpened = (state: DisputeState): OpenedDispute => {
  if (state.status === 'NONE') throw new Error('no dispute');
  return state;
};
