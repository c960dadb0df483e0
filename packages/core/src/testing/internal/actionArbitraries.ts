import * as fc from 'fast-check';
import type { CommandId, DisputeId, EvidenceId, Identifier, ProposalId, UserId } from '../../codecs/ids';
import { instantFromMillis, millisOf, type Instant } from '../../codecs/instant';
import type { CommandType, DisputeCommand } from '../../dispute/commands';
import type { AmountRange, AvailableAction, AvailableActionOf } from '../../dispute/availableActions/actionBounds';
import { evolve } from '../../dispute/evolve';
import { initialState, isOpened, type OpenedDispute } from '../../dispute/state';
import type { Actor, Deadline, DeadlineKind, Evidence } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import type { Money, MinorUnits } from '../../money/money';
import { historyArb, type GeneratedHistory } from '../arbitraries';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A question to `availableActions`: a generated dispute at some point of its history, who asks, and when. */
export interface ActionQuestion {
  readonly history: GeneratedHistory;
  readonly state: OpenedDispute;
  readonly actor: Actor;
  readonly at: Instant;
}

const actorOf = (history: GeneratedHistory, choice: number): Actor => {
  const { buyer, seller, mediators, system, strangers } = history.scenario;
  const cast: Actor[] = [buyer, seller, mediators[0]!, system, buyer, seller, mediators[1]!, { role: 'buyer', id: strangers[0]! }, { role: 'mediator', id: buyer.id }, { role: 'seller', id: buyer.id }];
  return cast[choice % cast.length]!;
};

const instantOf = (state: OpenedDispute, offset: { kind: 'tick'; ms: number } | { kind: 'deadline'; pick: number; ms: number }): Instant => {
  const last = millisOf(state.lastEventAt);
  if (offset.kind === 'tick') return instantFromMillis(Math.max(0, last + offset.ms));
  const target = state.deadlines[offset.pick % Math.max(1, state.deadlines.length)];
  return instantFromMillis(target === undefined ? last + offset.ms : Math.max(last, millisOf(target.dueAt) + offset.ms));
};

/**
 * Questions about opened disputes (from `historyArb`): any of the cast (parties, mediators, the
 * system, strangers and parties posing as someone else) at the last event, a little later, much later,
 * just before or after a running deadline, and sometimes before the last event.
 */
export const actionQuestionArb = (maxCommands = 25): fc.Arbitrary<ActionQuestion> =>
  fc
    .record({
      history: fc.oneof(historyArb({ maxCommands }), { weight: 2, arbitrary: historyArb({ maxCommands, opening: { consistent: true, group: 'NOT_AS_DESCRIBED', returnItem: true, itemReceived: true } }) }).filter((h) => isOpened(h.state)),
      cut: fc.nat(),
      actor: fc.nat(99),
      offset: fc.oneof(
        fc.record({ kind: fc.constant('tick' as const), ms: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: DAY_MS }), fc.integer({ min: DAY_MS, max: 40 * DAY_MS }), fc.constant(-1)) }),
        fc.record({ kind: fc.constant('deadline' as const), pick: fc.nat(10), ms: fc.constantFrom(-1, 0, 1, HOUR_MS) }),
      ),
    })
    .map(({ history, cut, actor, offset }) => {
      // Any point of the history, not only its end: the state after its first k events (k ≥ 1).
      const reached = history.events.slice(0, 1 + (cut % history.events.length)).reduce(evolve, initialState) as OpenedDispute;
      const state = cut % 3 === 0 ? blockedOnce(reached) : reached;
      return { history, state, actor: actorOf(history, actor), at: instantOf(state, offset) };
    });

/**
 * A dispute awaiting its refund, moved on as the decider does when the gateway reports a permanent
 * failure (`RefundBlocked`): short generated histories seldom reach three failures, and without this
 * no question would ever find a blocked refund (where a mediator may `RetryRefund`).
 */
const blockedOnce = (state: OpenedDispute): OpenedDispute =>
  state.status !== 'AWAITING_REFUND'
    ? state
    : (evolve(state, {
        type: 'RefundBlocked',
        data: { disputeId: state.disputeId, at: state.lastEventAt, by: { role: 'system', id: 'payments' as UserId }, commandId: `blocked-${state.version}` as CommandId, reason: 'PERMANENT_FAILURE', failures: state.refundFailures },
      }) as OpenedDispute);

/** An id not yet used in the dispute (`seen` holds the used ones). */
const fresh = (prefix: string, seen: { has(id: string): boolean }): string => {
  for (let i = 0; ; i++) if (!seen.has(`${prefix}-${i}`)) return `${prefix}-${i}`;
};

const moneyIn = (r: AmountRange): fc.Arbitrary<Money> =>
  fc.oneof(fc.constant(r.min), fc.constant(r.max), fc.integer({ min: r.min, max: r.max })).map((amount) => ({ amount: amount as MinorUnits, currency: r.currency as CurrencyCode }));

const evidence = (evidenceId: string): Evidence => ({
  evidenceId: evidenceId as EvidenceId,
  kind: 'PHOTO',
  uri: `https://files.example.com/${evidenceId}.jpg`,
  sha256: 'a'.repeat(64),
  mime: 'image/jpeg',
  sizeBytes: 2_048,
});

const envelopeOf = (q: ActionQuestion, commandId = fresh('aa-c', q.state.seen.commandIds)) => ({
  disputeId: q.state.disputeId as DisputeId,
  commandId: commandId as CommandId,
  actor: { role: q.actor.role, id: q.actor.id as UserId },
  at: q.at,
});

const deadlineFields = (d: Deadline) => ({ kind: d.kind, dueAt: d.dueAt, ...(d.party === undefined ? {} : { party: d.party }) });

type Fill<K extends CommandType> = (q: ActionQuestion, action: AvailableActionOf<K>) => fc.Arbitrary<DisputeCommand>;

/** No liability split (half the time), or a mediator's split of `refund` between seller and platform. */
const splitOf = (refund: Money): fc.Arbitrary<{ liability?: { seller: Money; platform: Money } }> =>
  fc.option(fc.integer({ min: 0, max: refund.amount }), { nil: undefined }).map((seller) =>
    seller === undefined
      ? {}
      : { liability: { seller: { amount: seller as MinorUnits, currency: refund.currency }, platform: { amount: (refund.amount - seller) as MinorUnits, currency: refund.currency } } },
  );

/** Any split of up to twice `R` per part, most not adding up to the refund: for the bounds' tightness. */
const anySplit = (currency: Money['currency'], R: number): fc.Arbitrary<{ liability?: { seller: Money; platform: Money } }> =>
  fc.option(fc.tuple(fc.integer({ min: 0, max: R + 1 }), fc.integer({ min: 0, max: R + 1 })), { nil: undefined }).map((parts) =>
    parts === undefined ? {} : { liability: { seller: { amount: parts[0] as MinorUnits, currency }, platform: { amount: parts[1] as MinorUnits, currency } } },
  );

const fills: { readonly [K in CommandType]: Fill<K> } = {
  OpenDispute: () => fc.constant(undefined as never),
  MakeProposal: (q, a) =>
    fc
      .constantFrom(...a.bounds.terms)
      .chain((terms) => fc.record({ amount: moneyIn(terms.amount), returnRequired: fc.constant(terms.returnRequired), payer: fc.constantFrom(undefined, 'buyer' as const, 'seller' as const) }))
      .map(({ amount, returnRequired, payer }) => ({
        type: 'MakeProposal' as const,
        ...envelopeOf(q),
        proposalId: fresh('aa-p', q.state.seen.proposalIds) as ProposalId,
        amount,
        returnRequired,
        ...(payer === undefined ? {} : { returnShippingPaidBy: payer }),
      })),
  AcceptProposal: (q, a) => fc.constantFrom(...a.bounds.proposals).map((p) => ({ type: 'AcceptProposal' as const, ...envelopeOf(q), proposalId: p.proposalId })),
  RejectProposal: (q, a) => fc.constantFrom(...a.bounds.proposals).map((p) => ({ type: 'RejectProposal' as const, ...envelopeOf(q), proposalId: p.proposalId })),
  SubmitEvidence: (q) => fc.constant({ type: 'SubmitEvidence' as const, ...envelopeOf(q), evidence: evidence(fresh('aa-ev', q.state.seen.evidenceIds)) }),
  PostMessage: (q) => fc.constant({ type: 'PostMessage' as const, ...envelopeOf(q), messageId: 'aa-m' as Identifier, text: 'Hello.' }),
  Escalate: (q) => fc.constant({ type: 'Escalate' as const, ...envelopeOf(q) }),
  RequestEvidence: (q, a) =>
    fc.constantFrom(...a.bounds.from).map((from) => ({ type: 'RequestEvidence' as const, ...envelopeOf(q), requestId: fresh('aa-rq', q.state.seen.requestIds) as Identifier, from, description: 'Send a photo.' })),
  IssueRuling: (q, a) =>
    fc
      .constantFrom(...a.bounds.options)
      .chain((o) => moneyIn(o.refund).chain((refund) => splitOf(refund).map((split) => ({ o, refund, split }))))
      .map(({ o, refund, split }) => ({ type: 'IssueRuling' as const, ...envelopeOf(q), rulingId: 'aa-r' as Identifier, outcome: o.outcome, refund, returnRequired: o.returnRequired, rationale: 'Decided.', ...split })),
  CancelDispute: (q) => fc.constant({ type: 'CancelDispute' as const, ...envelopeOf(q) }),
  MarkReturnShipped: (q) => fc.constant({ type: 'MarkReturnShipped' as const, ...envelopeOf(q), carrier: 'UPS', trackingNumber: '1Z999' }),
  ConfirmReturnReceived: (q, a) => fc.constantFrom(...a.bounds.conditions).map((condition) => ({ type: 'ConfirmReturnReceived' as const, ...envelopeOf(q), condition })),
  ExpireDeadline: (q, a) => fc.constantFrom(...a.bounds.due).map((d) => ({ type: 'ExpireDeadline' as const, ...envelopeOf(q), ...deadlineFields(d) })),
  IssueRefund: (q, a) => fc.constant({ type: 'IssueRefund' as const, ...envelopeOf(q), refundId: 'aa-rf' as Identifier, amount: a.bounds.amount, gatewayReference: 'aa-gw' as Identifier }),
  RecordRefundFailure: (q, a) =>
    fc.oneof(fc.constant(a.bounds.nextAttempt), fc.integer({ min: 1, max: 50 })).map((attempt) => ({ type: 'RecordRefundFailure' as const, ...envelopeOf(q), attempt, errorCode: 'DECLINED', retryable: true })),
  RetryRefund: (q) => fc.constant({ type: 'RetryRefund' as const, ...envelopeOf(q) }),
  RecordExternalRefund: (q, a) =>
    moneyIn(a.bounds.amount).map((amount) => ({
      type: 'RecordExternalRefund' as const,
      ...envelopeOf(q),
      refundRef: fresh('aa-x', new Set((q.state.externalRefunds ?? []).map((r) => r.refundRef))) as Identifier,
      amount,
      method: 'BANK_TRANSFER' as const,
    })),
  RuleAgain: (q, a) =>
    fc
      .constantFrom(...a.bounds.options)
      .chain((o) => moneyIn(o.refund).chain((refund) => splitOf(refund).map((split) => ({ o, refund, split }))))
      .map(({ o, refund, split }) => ({ type: 'RuleAgain' as const, ...envelopeOf(q), rulingId: 'aa-r2' as Identifier, outcome: o.outcome, refund, rationale: 'Decided again.', ...split })),
  RecordChargeback: (q, a) =>
    fc.tuple(moneyIn(a.bounds.amount), fc.integer({ min: 1, max: 30 * 86_400_000 })).map(([amount, later]) => ({
      type: 'RecordChargeback' as const,
      ...envelopeOf(q),
      provider: 'visa',
      caseId: fresh('aa-cb', new Set((q.state.chargebacks ?? []).map((c) => c.caseId))) as Identifier,
      amount,
      dueBy: instantFromMillis(millisOf(a.bounds.dueAfter) + later),
    })),
  RecordChargebackOutcome: (q, a) =>
    fc.oneof(
      fc.constant({ outcome: 'WON' as const, amount: { amount: 0 as MinorUnits, currency: a.bounds.lost.currency as CurrencyCode } }),
      moneyIn(a.bounds.lost).map((amount) => ({ outcome: 'LOST' as const, amount })),
    ).map((o) => ({ type: 'RecordChargebackOutcome' as const, ...envelopeOf(q), caseId: a.bounds.caseId as Identifier, ...o })),
};

/** A command filling a listed action within its bounds (new ids, the question's actor and instant). */
export const filledActionArb = (q: ActionQuestion, action: AvailableAction): fc.Arbitrary<DisputeCommand> =>
  (fills[action.type] as Fill<CommandType>)(q, action as AvailableActionOf<CommandType>);

const KINDS: ReadonlyArray<DeadlineKind> = ['SELLER_RESPONSE', 'BUYER_RESPONSE', 'NEGOTIATION_WINDOW', 'EVIDENCE_REQUEST', 'RETURN_SHIPMENT', 'RETURN_RECEIPT'];

/**
 * Plausible commands of one type from the question's actor at its instant, ignoring any bounds:
 * amounts from 0 to the refundable (and one over), every proposal of the dispute, every running
 * deadline (and made-up ones), both outcomes and return choices, new ids. Used to show that a type
 * `availableActions` does not list is refused however it is filled.
 */
export const candidateCommandArb = (q: ActionQuestion, type: CommandType): fc.Arbitrary<DisputeCommand> => {
  const s = q.state;
  const R = s.refundable.amount;
  const money = fc.integer({ min: 0, max: R + 1 }).map((amount) => ({ amount: amount as MinorUnits, currency: s.refundable.currency }));
  const proposalId = fc.constantFrom(...s.proposals.map((p) => p.proposalId), 'aa-unknown' as ProposalId);
  const party = fc.constantFrom('buyer' as const, 'seller' as const);
  const deadline: fc.Arbitrary<Deadline> = fc.oneof(
    ...(s.deadlines.length > 0 ? [fc.constantFrom(...s.deadlines)] : []),
    fc.record({ kind: fc.constantFrom(...KINDS), dueAt: fc.constant(q.at) }),
  );
  const envelope = envelopeOf(q);
  const build: Record<CommandType, () => fc.Arbitrary<DisputeCommand>> = {
    OpenDispute: () => fc.constant({ type: 'OpenDispute', ...envelope, order: s.order, kind: s.kind, itemReceived: s.itemReceived, reason: s.reason, proposalId: 'aa-open' as ProposalId, requested: s.refundable, description: 'Again.', evidence: [] }),
    MakeProposal: () => fc.record({ amount: money, returnRequired: fc.boolean() }).map((f) => ({ type: 'MakeProposal', ...envelope, proposalId: fresh('aa-p', s.seen.proposalIds) as ProposalId, ...f })),
    AcceptProposal: () => proposalId.map((id) => ({ type: 'AcceptProposal', ...envelope, proposalId: id })),
    RejectProposal: () => proposalId.map((id) => ({ type: 'RejectProposal', ...envelope, proposalId: id })),
    SubmitEvidence: () => fc.constant({ type: 'SubmitEvidence', ...envelope, evidence: evidence(fresh('aa-ev', s.seen.evidenceIds)) }),
    PostMessage: () => fc.constant({ type: 'PostMessage', ...envelope, messageId: 'aa-m' as Identifier, text: 'Hi.' }),
    Escalate: () => fc.constant({ type: 'Escalate', ...envelope }),
    RequestEvidence: () => party.map((from) => ({ type: 'RequestEvidence', ...envelope, requestId: fresh('aa-rq', s.seen.requestIds) as Identifier, from, description: 'Photo.' })),
    IssueRuling: () =>
      fc
        .record({ outcome: fc.constantFrom('BUYER_FAVOUR' as const, 'SELLER_FAVOUR' as const), refund: money, returnRequired: fc.boolean(), split: anySplit(s.refundable.currency, R) })
        .map(({ split, ...f }) => ({ type: 'IssueRuling', ...envelope, rulingId: 'aa-r' as Identifier, rationale: 'Decided.', ...f, ...split })),
    CancelDispute: () => fc.constant({ type: 'CancelDispute', ...envelope }),
    MarkReturnShipped: () => fc.constant({ type: 'MarkReturnShipped', ...envelope, carrier: 'UPS', trackingNumber: '1Z1' }),
    ConfirmReturnReceived: () => fc.constantFrom('AS_EXPECTED' as const, 'DAMAGED' as const).map((condition) => ({ type: 'ConfirmReturnReceived', ...envelope, condition })),
    ExpireDeadline: () => deadline.map((d) => ({ type: 'ExpireDeadline', ...envelope, ...deadlineFields(d) })),
    IssueRefund: () => fc.oneof(money, fc.constant(s.resolution?.refund ?? s.refundable)).map((amount) => ({ type: 'IssueRefund', ...envelope, refundId: 'aa-rf' as Identifier, amount, gatewayReference: 'aa-gw' as Identifier })),
    RecordRefundFailure: () => fc.integer({ min: 1, max: 5 }).map((attempt) => ({ type: 'RecordRefundFailure', ...envelope, attempt, errorCode: 'E', retryable: false })),
    RetryRefund: () => fc.constant({ type: 'RetryRefund', ...envelope }),
    RecordExternalRefund: () =>
      fc.oneof(money, fc.constant(s.resolution?.refund ?? s.requested)).map((amount) => ({ type: 'RecordExternalRefund', ...envelope, refundRef: 'aa-x-new' as Identifier, amount, method: 'CASH' })),
    RuleAgain: () =>
      fc
        .record({ outcome: fc.constantFrom('BUYER_FAVOUR' as const, 'SELLER_FAVOUR' as const), refund: money, split: anySplit(s.refundable.currency, R) })
        .map(({ split, ...f }) => ({ type: 'RuleAgain', ...envelope, rulingId: 'aa-r2' as Identifier, rationale: 'Again.', ...f, ...split })),
    RecordChargeback: () =>
      fc.record({ amount: money, later: fc.integer({ min: 1, max: 30 * 86_400_000 }) }).map((f) => ({
        type: 'RecordChargeback',
        ...envelope,
        provider: 'visa',
        caseId: 'aa-cb-new' as Identifier,
        amount: f.amount,
        dueBy: instantFromMillis(millisOf(q.at) + f.later),
      })),
    RecordChargebackOutcome: () =>
      fc.record({ outcome: fc.constantFrom('WON' as const, 'LOST' as const), amount: money }).map((f) => ({
        type: 'RecordChargebackOutcome',
        ...envelope,
        caseId: (s.chargebacks?.[s.chargebacks.length - 1]?.caseId ?? 'aa-cb-none') as Identifier,
        ...f,
      })),
  };
  return build[type]();
};

const inRange = (r: AmountRange, m: Money): boolean => m.currency === r.currency && m.amount >= r.min && m.amount <= r.max;

/** No split, or one in the refund's currency whose parts add up to the refund (`RulingLiabilityBounds`). */
const splitFits = (command: { readonly refund: Money; readonly liability?: { readonly seller: Money; readonly platform: Money } | undefined }): boolean =>
  command.liability === undefined ||
  (command.liability.seller.currency === command.refund.currency &&
    command.liability.platform.currency === command.refund.currency &&
    command.liability.seller.amount + command.liability.platform.amount === command.refund.amount);

/**
 * True when a command of a listed action's type lies within the action's bounds (ids and envelope
 * aside). The law's third part: a command the decider accepts always does, so the bounds are tight.
 */
export const fitsBounds = (action: AvailableAction, command: DisputeCommand): boolean => {
  switch (action.type) {
    case 'MakeProposal':
      return command.type === 'MakeProposal' && action.bounds.terms.some((t) => t.returnRequired === command.returnRequired && inRange(t.amount, command.amount));
    case 'AcceptProposal':
    case 'RejectProposal':
      return (command.type === 'AcceptProposal' || command.type === 'RejectProposal') && action.bounds.proposals.some((p) => p.proposalId === command.proposalId);
    case 'RequestEvidence':
      return command.type === 'RequestEvidence' && action.bounds.from.includes(command.from);
    case 'IssueRuling':
      return (
        command.type === 'IssueRuling' &&
        splitFits(command) &&
        action.bounds.options.some((o) => o.outcome === command.outcome && o.returnRequired === command.returnRequired && inRange(o.refund, command.refund))
      );
    case 'ConfirmReturnReceived':
      return command.type === 'ConfirmReturnReceived' && action.bounds.conditions.includes(command.condition);
    case 'ExpireDeadline':
      return command.type === 'ExpireDeadline' && action.bounds.due.some((d) => d.kind === command.kind && d.dueAt === command.dueAt && (command.party === undefined || command.party === d.party));
    case 'IssueRefund':
      return command.type === 'IssueRefund' && command.amount.currency === action.bounds.amount.currency && command.amount.amount === action.bounds.amount.amount;
    case 'RecordExternalRefund':
      return command.type === 'RecordExternalRefund' && inRange(action.bounds.amount, command.amount);
    case 'RuleAgain':
      return command.type === 'RuleAgain' && splitFits(command) && action.bounds.options.some((o) => o.outcome === command.outcome && inRange(o.refund, command.refund));
    default:
      return command.type === action.type;
  }
};
