import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import type { CommandId, Identifier, UserId } from '../codecs/ids';
import { instantFromMillis, millisOf } from '../codecs/instant';
import { money, type Money, type MinorUnits } from '../money/money';
import { presetNames } from '../policy/presets';
import {
  commandArb,
  commandFromStep,
  commandStepArb,
  describeRun,
  historyArb,
  openDisputeArb,
  openDisputeCommand,
  openingChoiceArb,
  scenarioArb,
  type CommandStep,
  type DecidedCommand,
  type DisputeScenario,
  type GeneratedHistory,
  runCommands,
  type OpeningChoice,
  type PolicyOption,
} from '../testing/arbitraries';
import { commandTypes, type CommandType, type DisputeCommand } from './commands';
import { decide, type Decision } from './decide';
import { replay } from './decider';
import type { DisputeEvent } from './events';
import { evolve } from './evolve';
import { openChargebackOf } from './chargebacks';
import { refundStillDue, stillRefundable } from './refundDue';
import { checkHistory, checkOrderHistories, type InvariantRule } from './invariants';
import { initialState, isOpened, type DisputeState, type OpenedDispute } from './state';
import type { Actor, Role } from './vocabulary';

/**
 * One property per invariant of process rules §7, over random command sequences from random actors
 * (the dispute's parties, strangers, mediators, the system) under every preset and custom policies.
 * Each checks the history with `checkHistory` for that rule, and states the rule directly against
 * the decider: in every state the run went through, it probes commands that the rule must refuse.
 */

const POLICIES: ReadonlyArray<PolicyOption> = [...presetNames, 'custom'];
/** Runs per policy: five policies, so 200 histories per invariant. */
const RUNS = 40;

/** Who may send each command: process rules §4, written out here, not read from the decider. */
const ROLES: Readonly<Record<CommandType, ReadonlyArray<Role>>> = {
  OpenDispute: ['buyer'],
  MakeProposal: ['buyer', 'seller', 'mediator'],
  AcceptProposal: ['buyer', 'seller'],
  RejectProposal: ['buyer', 'seller'],
  SubmitEvidence: ['buyer', 'seller'],
  PostMessage: ['buyer', 'seller'],
  Escalate: ['buyer', 'seller'],
  RequestEvidence: ['mediator'],
  IssueRuling: ['mediator'],
  CancelDispute: ['buyer'],
  MarkReturnShipped: ['buyer'],
  ConfirmReturnReceived: ['seller'],
  ExpireDeadline: ['system'],
  IssueRefund: ['system'],
  RecordRefundFailure: ['system'],
  RetryRefund: ['mediator'],
  RecordExternalRefund: ['seller', 'system', 'mediator'],
  RuleAgain: ['mediator'],
  RecordChargeback: ['system'],
  RecordChargebackOutcome: ['system'],
};
const ALL_ROLES: ReadonlyArray<Role> = ['buyer', 'seller', 'mediator', 'system'];
const NEGOTIATING = ['AWAITING_SELLER', 'AWAITING_BUYER'];

// ------------------------------------------------------------------ helpers

const versioned = (events: ReadonlyArray<DisputeEvent>) => events.map((event, i) => ({ version: i + 1, event }));
const violationsOf = (events: ReadonlyArray<DisputeEvent>, rule: InvariantRule) => checkHistory(versioned(events)).filter((v) => v.rule === rule);
const tagOf = (decision: Decision): string | undefined => (E.isLeft(decision) ? decision.left._tag : undefined);
const emitted = (decision: Decision): ReadonlyArray<DisputeEvent> => (E.isRight(decision) ? decision.right : []);
const snapshot = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const fold = (state: DisputeState, decision: Decision): DisputeState => emitted(decision).reduce(evolve, state);

/** Every state the run went through, with the events recorded before it. */
const statesOf = (h: GeneratedHistory): ReadonlyArray<DisputeState> => [...h.decided.map((d) => d.stateBefore), h.state];
/** The opened, not closed states of a run. */
const liveStates = (h: GeneratedHistory): ReadonlyArray<OpenedDispute> =>
  statesOf(h).filter((s): s is OpenedDispute => isOpened(s) && s.status !== 'CLOSED');
/** True when the command's id was already recorded in `state` (the decider answers a repeat with nothing). */
const isRepeat = (d: DecidedCommand): boolean => isOpened(d.stateBefore) && d.stateBefore.seen.commandIds.has(d.command.commandId);

const scenarioSeller = (h: GeneratedHistory): Actor => h.scenario.seller;
const actorOf = (scenario: DisputeScenario, role: Role): Actor =>
  role === 'buyer' ? scenario.buyer : role === 'seller' ? scenario.seller : role === 'mediator' ? scenario.mediators[0]! : scenario.system;

const neutralStep = (type: CommandType): CommandStep => ({
  type,
  actor: 'natural',
  time: { kind: 'stay' },
  pick: 0,
  amount: 'natural',
  seed: 1,
  flag: true,
  variant: 1,
  fresh: true,
  focus: false,
});

let probes = 0;
/**
 * A fresh command of `type` against `state`, sent at the dispute's last instant by the actor the
 * rules expect (or `actor`): what a well-behaved client would send now.
 */
const probe = (h: GeneratedHistory, state: DisputeState, type: CommandType, options: { actor?: Actor; step?: Partial<CommandStep>; atMillis?: number } = {}): DisputeCommand => {
  const now = isOpened(state) ? millisOf(state.lastEventAt) : millisOf(h.commands[0]!.at);
  const command = commandFromStep({ ...neutralStep(type), ...options.step }, { scenario: h.scenario, state, now, commands: [], events: h.events });
  probes += 1;
  return {
    ...command,
    commandId: `probe-${probes}` as CommandId,
    disputeId: h.scenario.disputeId,
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    ...(options.atMillis === undefined ? {} : { at: instantFromMillis(options.atMillis) }),
  } as DisputeCommand;
};

/** The amount a command carries, if any. */
const amountOf = (c: DisputeCommand): Money | undefined =>
  c.type === 'OpenDispute' ? c.requested : c.type === 'MakeProposal' || c.type === 'IssueRefund' ? c.amount : c.type === 'IssueRuling' ? c.refund : undefined;
const withAmount = (c: DisputeCommand, money: Money): DisputeCommand => {
  const field = c.type === 'OpenDispute' ? 'requested' : c.type === 'IssueRuling' ? 'refund' : 'amount';
  return { ...c, [field]: money, commandId: `probe-money-${c.commandId}` } as DisputeCommand;
};
const moneyIn = (event: DisputeEvent): Money[] => {
  const d = event.data as unknown as Record<string, unknown>;
  const found = ['amount', 'refund', 'refunded', 'requested', 'refundable'].map((k) => d[k]);
  if (event.type === 'DisputeOpened') found.push(event.data.order.paid, event.data.order.alreadyRefunded);
  return found.filter((m): m is Money => typeof m === 'object' && m !== null);
};
const refundableOf = (d: DecidedCommand): Money | undefined => {
  if (isOpened(d.stateBefore)) return d.stateBefore.refundable;
  if (d.command.type !== 'OpenDispute') return undefined;
  const { paid, alreadyRefunded } = d.command.order;
  return { amount: (paid.amount - alreadyRefunded.amount) as MinorUnits, currency: paid.currency };
};

/**
 * Runs `body` once per policy with histories of any kind of dispute, one in three a return-and-refund
 * dispute (so that the return phase and its second mediation round are reached often).
 */
const forEachPolicy = (title: string, body: (arb: fc.Arbitrary<GeneratedHistory>) => void): void => {
  describe.each(POLICIES)(`${title} under the %s policy`, (policy) =>
    body(
      fc.oneof(
        { weight: 2, arbitrary: historyArb({ policy }) },
        { weight: 1, arbitrary: historyArb({ policy, opening: { group: 'NOT_AS_DESCRIBED', returnItem: true } }) },
      ),
    ),
  );
};
const property = (arb: fc.Arbitrary<GeneratedHistory>, predicate: (h: GeneratedHistory) => void) => () =>
  fc.assert(fc.property(arb, predicate), { numRuns: RUNS });

// ------------------------------------------------------------------ money

forEachPolicy('money (M1–M4)', (arb) => {
  it('M1: refunds ≤ refundable ≤ paid, and an amount above refundable is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'M1')).toEqual([]);
    const opened = h.events[0];
    if (opened?.type === 'DisputeOpened') {
      const { paid, alreadyRefunded } = opened.data.order;
      const refunded = h.events.reduce((sum, e) => sum + (e.type === 'RefundIssued' ? e.data.amount.amount : 0), 0);
      expect(opened.data.refundable.amount).toBe(paid.amount - alreadyRefunded.amount);
      expect(refunded).toBeLessThanOrEqual(opened.data.refundable.amount);
      expect(opened.data.refundable.amount).toBeLessThanOrEqual(paid.amount);
    }
    for (const d of h.decided) {
      const amount = amountOf(d.command);
      const cap = refundableOf(d);
      if (amount === undefined || cap === undefined || emitted(d.decision).length === 0 || cap.amount >= Number.MAX_SAFE_INTEGER) continue;
      const over = decide(withAmount(d.command, { amount: (cap.amount + 1) as MinorUnits, currency: cap.currency }), d.stateBefore);
      const expected =
        d.command.type === 'IssueRefund' ? 'RefundAmountMismatch' : d.command.type === 'IssueRuling' && d.command.outcome === 'SELLER_FAVOUR' ? 'InconsistentRuling' : 'RefundExceedsRefundable';
      expect(tagOf(over)).toBe(expected);
    }
  }));

  it('M2: every amount is a safe integer ≥ 0 in the dispute currency, and another currency is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'M2')).toEqual([]);
    const currency = h.events[0]?.type === 'DisputeOpened' ? h.events[0].data.order.paid.currency : undefined;
    for (const money of h.events.flatMap(moneyIn)) {
      expect(Number.isSafeInteger(money.amount) && money.amount >= 0).toBe(true);
      expect(money.currency).toBe(currency);
    }
    for (const d of h.decided) {
      const amount = amountOf(d.command);
      if (amount === undefined || emitted(d.decision).length === 0) continue;
      const other = { ...amount, currency: amount.currency === 'CHF' ? 'NOK' : 'CHF' } as Money;
      expect(tagOf(decide(withAmount(d.command, other), d.stateBefore))).toBe('CurrencyMismatch');
    }
  }));

  it('M3: at most one RefundIssued, equal to the buyer-favour resolution (the latest ruling) less refunds made elsewhere; other amounts and second refunds are refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'M3')).toEqual([]);
    const refunds = h.events.filter((e) => e.type === 'RefundIssued');
    expect(refunds.length).toBeLessThanOrEqual(1);
    const refund = refunds[0];
    if (refund?.type === 'RefundIssued') {
      const before = h.events.slice(0, h.events.indexOf(refund));
      const resolved = [...before].reverse().find((e) => e.type === 'Resolved' || e.type === 'RulingRevised');
      // What went back outside the gateway: refunds made elsewhere and lost chargebacks (decision 0006).
      const elsewhere = before.reduce((sum, e) => sum + (e.type === 'ExternalRefundRecorded' || (e.type === 'ChargebackDecided' && e.data.outcome === 'LOST') ? e.data.amount.amount : 0), 0);
      expect((resolved?.type === 'Resolved' || resolved?.type === 'RulingRevised') && resolved.data.outcome).toBe('BUYER_FAVOUR');
      expect((resolved?.type === 'Resolved' || resolved?.type === 'RulingRevised') && resolved.data.refund.amount - elsewhere).toBe(refund.data.amount.amount);
    }
    for (const s of liveStates(h).filter((x) => x.status === 'AWAITING_REFUND')) {
      const owed = refundStillDue(s)!;
      const wrong = probe(h, s, 'IssueRefund', { step: { amount: 'partial', seed: 7 } });
      if (wrong.type === 'IssueRefund' && wrong.amount.amount !== owed.amount) expect(tagOf(decide(wrong, s))).toBe('RefundAmountMismatch');
      const paid = decide(probe(h, s, 'IssueRefund'), s);
      expect(emitted(paid).map((e) => e.type)).toEqual(['RefundIssued', ...(s.payoutHold === undefined ? [] : ['PayoutHoldReleased']), 'DisputeClosed']);
      expect(tagOf(decide(probe(h, fold(s, paid), 'IssueRefund'), fold(s, paid)))).toBe('DisputeClosed');
    }
  }));

  it('M6: a payout hold is placed by the opening at most once and, once the dispute closes, released once: released + consumed = held', property(arb, (h) => {
    expect(violationsOf(h.events, 'M6')).toEqual([]);
    const placed = h.events.filter((e) => e.type === 'PayoutHoldPlaced');
    const released = h.events.filter((e) => e.type === 'PayoutHoldReleased');
    expect(placed.length).toBeLessThanOrEqual(1);
    expect(released.length).toBe(h.events.some((e) => e.type === 'DisputeClosed') ? placed.length : 0);
    const [hold, release] = [placed[0], released[0]];
    if (hold?.type === 'PayoutHoldPlaced' && release?.type === 'PayoutHoldReleased') {
      expect(release.data.amount.amount + release.data.consumed.amount).toBe(hold.data.amount.amount);
    }
  }));

  it('L1–L2: every resolution says who pays, in parts adding up to its refund; only a ruling or a PLATFORM default puts cost on the platform; a mediator\'s split that does not add up is refused; the hold pays only the seller\'s part', property(arb, (h) => {
    expect([...violationsOf(h.events, 'L1'), ...violationsOf(h.events, 'L2')]).toEqual([]);
    for (const [i, e] of h.events.entries()) {
      if (e.type !== 'Resolved' && e.type !== 'RulingIssued' && e.type !== 'RulingRevised') continue;
      const l = e.data.liability;
      expect(l).toBeDefined();
      expect(l!.seller.amount + l!.platform.amount).toBe(e.data.refund.amount);
      expect([l!.seller.currency, l!.platform.currency]).toEqual([e.data.refund.currency, e.data.refund.currency]);
      const platformDefault = isOpened(h.state) && h.state.policy.liability?.default === 'PLATFORM';
      const ruled = h.events.slice(0, i + 1).some((x) => x.type === 'RulingIssued');
      if (l!.platform.amount > 0 && !platformDefault) expect(ruled).toBe(true);
    }
    for (const d of h.decided) {
      const c = d.command;
      if (c.type !== 'IssueRuling' || c.liability === undefined || !isOpened(d.stateBefore)) continue;
      const fits = c.liability.seller.amount + c.liability.platform.amount === c.refund.amount && c.liability.seller.currency === c.refund.currency && c.liability.platform.currency === c.refund.currency;
      // A repeated commandId is answered with nothing, whatever it carries (idempotency), so it is no acceptance.
      const repeat = E.isRight(d.decision) && d.decision.right.length === 0;
      if (!fits && !repeat) expect(E.isLeft(d.decision)).toBe(true);
      if (E.isRight(d.decision) && !repeat) expect(d.decision.right.find((e) => e.type === 'RulingIssued')?.data).toMatchObject({ liability: { ...c.liability, cause: 'MEDIATOR' } });
    }
    const resolved = h.events.find((e) => e.type === 'Resolved');
    const release = h.events.find((e) => e.type === 'PayoutHoldReleased');
    const refund = h.events.find((e) => e.type === 'RefundIssued');
    const hold = h.events.find((e) => e.type === 'PayoutHoldPlaced');
    if (resolved?.type === 'Resolved' && release?.type === 'PayoutHoldReleased' && refund?.type === 'RefundIssued' && hold?.type === 'PayoutHoldPlaced') {
      // Only the gateway's refund takes from the hold (what the seller paid elsewhere came out of its pocket, decision
      // 0005), and of that only the seller's part (decision 0007).
      // A ruling again replaces the resolution, and with it who pays.
      const latest = [...h.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'RulingRevised');
      const sellerShare = latest?.type === 'Resolved' || latest?.type === 'RulingRevised' ? latest.data.liability!.seller.amount : resolved.data.liability!.seller.amount;
      // A lost chargeback takes from the hold like the gateway's refund: the card issuer took that money back (decision 0006).
      const lost = h.events.reduce((sum, e) => sum + (e.type === 'ChargebackDecided' ? e.data.amount.amount : 0), 0);
      // And the seller's part less what it already paid the buyer itself: it never pays more than its part.
      const elsewhere = h.events.reduce((sum, e) => sum + (e.type === 'ExternalRefundRecorded' ? e.data.amount.amount : 0), 0);
      expect(release.data.consumed.amount).toBe(Math.min(hold.data.amount.amount, refund.data.amount.amount + lost, Math.max(0, sellerShare - elsewhere)));
    }
  }));

  it('M7: the gateway refund and the refunds made elsewhere together never exceed the refundable nor the resolution; more is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'M7')).toEqual([]);
    const opened = h.events[0];
    const gateway = h.events.reduce((sum, e) => sum + (e.type === 'RefundIssued' ? e.data.amount.amount : 0), 0);
    const elsewhere = h.events.reduce((sum, e) => sum + (e.type === 'ExternalRefundRecorded' ? e.data.amount.amount : 0), 0);
    const lost = h.events.reduce((sum, e) => sum + (e.type === 'ChargebackDecided' ? e.data.amount.amount : 0), 0);
    if (opened?.type === 'DisputeOpened') expect(gateway + elsewhere + lost).toBeLessThanOrEqual(opened.data.refundable.amount);
    const last = [...h.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'RulingRevised');
    if (last?.type === 'Resolved' || last?.type === 'RulingRevised') expect(gateway + elsewhere).toBeLessThanOrEqual(last.data.refund.amount);
    const closed = h.events.find((e) => e.type === 'DisputeClosed');
    if (closed?.type === 'DisputeClosed') expect(closed.data.refunded.amount).toBe(gateway + elsewhere + lost);
    // While a chargeback is open nothing moves money (M8, below).
    for (const s of liveStates(h).filter((x) => x.status !== 'CHARGEBACK_OPEN')) {
      const listed = s.status === 'REFUND_BLOCKED' || s.status === 'AWAITING_REFUND' ? refundStillDue(s)!.amount : undefined;
      const over = probe(h, s, 'RecordExternalRefund', { step: { amount: 'natural', variant: 0 }, actor: scenarioSeller(h) });
      if (over.type !== 'RecordExternalRefund') continue;
      const tooMuch = { ...over, amount: { ...over.amount, amount: (over.amount.amount + 1) as MinorUnits } };
      const tag = tagOf(decide(tooMuch, s));
      expect(['ExternalRefundExceedsDue', 'RefundExceedsRefundable']).toContain(tag);
      if (listed !== undefined) expect(over.amount.amount).toBe(listed);
    }
  }));

  it('M8: the gateway refund, refunds made elsewhere and lost chargebacks never exceed the refundable; nothing pays while a chargeback is open; each is decided once; more is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'M8')).toEqual([]);
    const opened = h.events[0];
    const paid = h.events.reduce((sum, e) => sum + (e.type === 'RefundIssued' || e.type === 'ExternalRefundRecorded' || e.type === 'ChargebackDecided' ? e.data.amount.amount : 0), 0);
    if (opened?.type === 'DisputeOpened') expect(paid).toBeLessThanOrEqual(opened.data.refundable.amount);
    const decidedCases = h.events.flatMap((e) => (e.type === 'ChargebackDecided' ? [e.data.caseId] : []));
    expect(new Set(decidedCases).size).toBe(decidedCases.length);
    for (const s of liveStates(h).filter((x) => x.status === 'CHARGEBACK_OPEN')) {
      const open = openChargebackOf(s)!;
      expect(tagOf(decide(probe(h, s, 'IssueRefund'), s))).toBe('ChargebackOpen');
      expect(tagOf(decide(probe(h, s, 'RecordChargeback'), s))).toBe('ChargebackOpen');
      const outcome = probe(h, s, 'RecordChargebackOutcome');
      // One more than the chargeback is refused (when one more is still a safe integer: orders go up to 2^53 − 1).
      if (open.amount.amount < Number.MAX_SAFE_INTEGER) {
        const tooMuch = { ...outcome, outcome: 'LOST', caseId: open.caseId, amount: money(open.amount.amount + 1, s.refundable.currency) } as DisputeCommand;
        expect(tagOf(decide(tooMuch, s))).toBe('ChargebackOutcomeMismatch');
      }
      const won = decide({ ...outcome, outcome: 'WON', caseId: open.caseId, amount: money(0, s.refundable.currency) } as DisputeCommand, s);
      expect(emitted(won).map((e) => e.type)).toEqual(['ChargebackDecided']);
      const after = fold(s, won) as OpenedDispute;
      expect(after.status).toBe(open.suspendedFrom);
      expect(tagOf(decide({ ...probe(h, after, 'RecordChargebackOutcome'), caseId: open.caseId } as DisputeCommand, after))).toBe('UnknownChargeback');
    }
    for (const s of liveStates(h).filter((x) => x.status !== 'CHARGEBACK_OPEN' && stillRefundable(x).amount < Number.MAX_SAFE_INTEGER)) {
      const chargeback = probe(h, s, 'RecordChargeback');
      const over = { ...chargeback, amount: money(stillRefundable(s).amount + 1, s.refundable.currency) } as DisputeCommand;
      expect(tagOf(decide(over, s))).toBe('RefundExceedsRefundable');
    }
  }));

  it('M4: no refund in a cancelled or seller-favour dispute, whatever the amount', property(arb, (h) => {
    expect(violationsOf(h.events, 'M4')).toEqual([]);
    const cancelled = h.events.some((e) => e.type === 'DisputeCancelled');
    const sellerFavour = h.events.some((e) => e.type === 'Resolved' && e.data.outcome === 'SELLER_FAVOUR');
    if (cancelled || sellerFavour) expect(h.events.some((e) => e.type === 'RefundIssued')).toBe(false);
    for (const s of statesOf(h).filter((x): x is OpenedDispute => isOpened(x) && (x.cancelled || x.resolution?.outcome === 'SELLER_FAVOUR'))) {
      for (const amount of ['natural', 'full', 'partial', 'zero'] as const) {
        expect(E.isLeft(decide(probe(h, s, 'IssueRefund', { step: { amount } }), s))).toBe(true);
      }
    }
  }));
});

// ------------------------------------------------------------------ states

forEachPolicy('states (S1–S9)', (arb) => {
  it('S1: the history starts with its only DisputeOpened; nothing happens before an opening', property(arb, (h) => {
    expect(violationsOf(h.events, 'S1')).toEqual([]);
    if (h.events.length > 0) expect(h.events[0]!.type).toBe('DisputeOpened');
    expect(h.events.filter((e) => e.type === 'DisputeOpened').length).toBeLessThanOrEqual(1);
    for (const d of h.decided) {
      if (d.stateBefore.status === 'NONE' && d.command.type !== 'OpenDispute') expect(tagOf(d.decision)).toBe('DisputeNotFound');
      if (isOpened(d.stateBefore) && d.command.type === 'OpenDispute' && !isRepeat(d)) expect(tagOf(d.decision)).toBe('DisputeAlreadyOpened');
    }
  }));

  it('S2: after DisputeClosed every command is refused; DisputeClosed is last and appears once', property(arb, (h) => {
    expect(violationsOf(h.events, 'S2')).toEqual([]);
    const closings = h.events.filter((e) => e.type === 'DisputeClosed');
    expect(closings.length).toBeLessThanOrEqual(1);
    if (closings.length === 1) expect(h.events[h.events.length - 1]!.type).toBe('DisputeClosed');
    for (const d of h.decided) {
      if (d.stateBefore.status === 'CLOSED' && !isRepeat(d)) expect(E.isLeft(d.decision)).toBe(true);
    }
    if (h.state.status === 'CLOSED') {
      for (const type of commandTypes) {
        for (const role of ROLES[type]) {
          const decision = decide(probe(h, h.state, type, { actor: actorOf(h.scenario, role) }), h.state);
          expect(tagOf(decision)).toBe(type === 'OpenDispute' ? 'DisputeAlreadyOpened' : 'DisputeClosed');
        }
      }
    }
  }));

  it('S3: a closed dispute holds exactly one of Resolved or DisputeCancelled', property(arb, (h) => {
    expect(violationsOf(h.events, 'S3')).toEqual([]);
    const resolved = h.events.filter((e) => e.type === 'Resolved').length;
    const cancelled = h.events.filter((e) => e.type === 'DisputeCancelled').length;
    expect(resolved + cancelled).toBeLessThanOrEqual(1);
    // Under onChargeback CLOSE a chargeback ends the dispute without either (outcome CHARGEBACK, decision 0006).
    const leftForChargeback = h.events.some((e) => e.type === 'DisputeClosed' && e.data.outcome === 'CHARGEBACK');
    if (h.state.status === 'CLOSED') expect(resolved + cancelled === 1 || leftForChargeback).toBe(true);
  }));

  it('S4: Escalated at most once (a second only about the return), never back to negotiation', property(arb, (h) => {
    expect(violationsOf(h.events, 'S4')).toEqual([]);
    const escalations = h.events.filter((e) => e.type === 'Escalated');
    expect(escalations.length).toBeLessThanOrEqual(2);
    if (escalations[1]?.type === 'Escalated') expect(['RETURN_DISPUTED', 'RETURN_RECEIPT_SILENCE']).toContain(escalations[1].data.reason);
    for (const s of statesOf(h).filter((x): x is OpenedDispute => isOpened(x) && x.escalated)) {
      expect(NEGOTIATING).not.toContain(s.status);
      if (s.status !== 'CLOSED') {
        expect(E.isLeft(decide(probe(h, s, 'Escalate'), s))).toBe(true);
        expect(E.isLeft(decide(probe(h, s, 'Escalate', { actor: h.scenario.seller }), s))).toBe(true);
      }
    }
  }));

  it('S5: one acceptance, one ruling per round; after either no proposal, rejection, escalation or cancel', property(arb, (h) => {
    expect(violationsOf(h.events, 'S5')).toEqual([]);
    expect(h.events.filter((e) => e.type === 'ProposalAccepted').length).toBeLessThanOrEqual(1);
    for (const round of ['DISPUTE', 'RETURN']) {
      expect(h.events.filter((e) => e.type === 'RulingIssued' && e.data.round === round).length).toBeLessThanOrEqual(1);
    }
    for (const s of liveStates(h).filter((x) => x.settled && x.status !== 'CHARGEBACK_OPEN')) {
      for (const role of ['buyer', 'seller', 'mediator'] as const) {
        expect(tagOf(decide(probe(h, s, 'MakeProposal', { actor: actorOf(h.scenario, role) }), s))).toBe('AlreadySettled');
      }
      for (const type of ['AcceptProposal', 'RejectProposal', 'CancelDispute'] as const) expect(tagOf(decide(probe(h, s, type), s))).toBe('AlreadySettled');
      expect(E.isLeft(decide(probe(h, s, 'Escalate'), s))).toBe(true);
      if (s.ruledInRound) expect(tagOf(decide(probe(h, s, 'IssueRuling'), s))).not.toBeUndefined();
    }
  }));

  it('S6: an accepted proposal existed, was current and was not the accepter\'s; accepting one\'s own is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'S6')).toEqual([]);
    for (const d of h.decided) {
      const accepted = emitted(d.decision).find((e) => e.type === 'ProposalAccepted');
      if (accepted?.type !== 'ProposalAccepted' || !isOpened(d.stateBefore)) continue;
      const proposal = d.stateBefore.proposals.find((p) => p.proposalId === accepted.data.proposalId);
      expect(proposal?.status).toBe('OPEN');
      const accepter = accepted.data.onBehalfOf ?? accepted.data.by.role;
      expect(proposal?.by.role).not.toBe(accepter);
    }
    for (const s of liveStates(h).filter((x) => !x.settled && (NEGOTIATING.includes(x.status) || x.status === 'UNDER_MEDIATION'))) {
      for (const p of s.proposals.filter((x) => x.status === 'OPEN' && x.by.role !== 'mediator')) {
        const own = probe(h, s, 'AcceptProposal', { actor: actorOf(h.scenario, p.by.role) });
        expect(tagOf(decide({ ...own, proposalId: p.proposalId } as DisputeCommand, s))).toBe('CannotAcceptOwnProposal');
      }
    }
  }));

  it('S7: a buyer-favour resolution that needed a return comes after the return was shipped and received (or its receipt deadline)', property(arb, (h) => {
    expect(violationsOf(h.events, 'S7')).toEqual([]);
    const requested = h.events.findIndex((e) => e.type === 'ReturnRequested');
    const resolvedAt = h.events.findIndex((e) => e.type === 'Resolved' && e.data.outcome === 'BUYER_FAVOUR');
    if (requested < 0 || resolvedAt < 0) return;
    const resolved = h.events[resolvedAt]!;
    // A refund made elsewhere (decision 0005) or a lost chargeback (decision 0006) that covers the agreed refund
    // waives the return: the money already went back, nothing to wait for.
    if (resolved.type === 'Resolved' && (resolved.data.basis === 'EXTERNAL_REFUND' || resolved.data.basis === 'CHARGEBACK')) return;
    const before = h.events.slice(requested, resolvedAt + 1);
    const shipped = before.findIndex((e) => e.type === 'ReturnShipped');
    expect(shipped).toBeGreaterThanOrEqual(0);
    const afterShipping = before.slice(shipped);
    const policy = h.scenario.policy;
    const ok =
      afterShipping.some((e) => e.type === 'ReturnReceived' && e.data.condition === 'AS_EXPECTED') ||
      afterShipping.some((e) => e.type === 'DeadlineExpired' && e.data.kind === 'RETURN_RECEIPT' && policy.onReturnReceiptSilence === 'AUTO_REFUND') ||
      afterShipping.some((e) => e.type === 'RulingIssued' && e.data.round === 'RETURN');
    expect(ok).toBe(true);
  }));

  it('S8: mediator commands only under mediation', property(arb, (h) => {
    expect(violationsOf(h.events, 'S8')).toEqual([]);
    for (const d of h.decided) {
      const mediatorOnly = d.command.type === 'RequestEvidence' || d.command.type === 'IssueRuling' || (d.command.type === 'MakeProposal' && d.command.actor.role === 'mediator');
      if (mediatorOnly && d.stateBefore.status !== 'UNDER_MEDIATION') expect(emitted(d.decision)).toEqual([]);
    }
    for (const s of liveStates(h).filter((x) => x.status !== 'UNDER_MEDIATION' && x.status !== 'CHARGEBACK_OPEN')) {
      expect(tagOf(decide(probe(h, s, 'RequestEvidence'), s))).toBe('NotUnderMediation');
      expect(tagOf(decide(probe(h, s, 'IssueRuling'), s))).toBe('NotUnderMediation');
      expect(E.isLeft(decide(probe(h, s, 'MakeProposal', { actor: h.scenario.mediators[1]! }), s))).toBe(true);
    }
  }));

  it('S9: folding the history gives the state the decisions saw; the same commands give the same history', property(arb, (h) => {
    let recorded: DisputeEvent[] = [];
    for (const d of h.decided) {
      const folded = replay(recorded);
      expect(snapshot(folded)).toEqual(snapshot(d.stateBefore));
      const before = snapshot(folded);
      expect(decide(d.command, folded)).toEqual(d.decision);
      expect(snapshot(folded)).toEqual(before);
      recorded = [...recorded, ...emitted(d.decision)];
    }
    expect(snapshot(replay(h.events))).toEqual(snapshot(h.state));
    const again = runCommands(h.commands);
    expect(again.events).toEqual(h.events);
    expect(again.decided.map((d) => d.decision)).toEqual(h.decided.map((d) => d.decision));
  }));
});

// ------------------------------------------------------------------ actors

forEachPolicy('actors (A1–A2)', (arb) => {
  it('A1: a command from a role §4 does not allow emits nothing and says NotPermitted', property(arb, (h) => {
    expect(violationsOf(h.events, 'A1')).toEqual([]);
    for (const d of h.decided) {
      const s = d.stateBefore;
      if (!isOpened(s) || s.status === 'CLOSED' || isRepeat(d) || d.command.disputeId !== s.disputeId || d.command.type === 'OpenDispute') continue;
      if (millisOf(d.command.at) < millisOf(s.lastEventAt)) continue;
      if (!ROLES[d.command.type].includes(d.command.actor.role)) expect(tagOf(d.decision)).toBe('NotPermitted');
    }
    for (const s of liveStates(h)) {
      for (const type of commandTypes.filter((t) => t !== 'OpenDispute')) {
        for (const role of ALL_ROLES.filter((r) => !ROLES[type].includes(r))) {
          expect(tagOf(decide(probe(h, s, type, { actor: actorOf(h.scenario, role) }), s))).toBe('NotPermitted');
        }
      }
      if (!s.policy.sellerMayEscalate && s.status !== 'CHARGEBACK_OPEN') expect(tagOf(decide(probe(h, s, 'Escalate', { actor: h.scenario.seller }), s))).toBe('NotPermitted');
    }
  }));

  it('A2: only the order\'s buyer acts as buyer, only its seller as seller, and no party mediates', property(arb, (h) => {
    expect(violationsOf(h.events, 'A2')).toEqual([]);
    const { buyerId, sellerId } = h.scenario.order;
    for (const e of h.events) {
      if (e.data.by.role === 'buyer') expect(e.data.by.id).toBe(buyerId);
      if (e.data.by.role === 'seller') expect(e.data.by.id).toBe(sellerId);
      if (e.data.by.role === 'mediator') expect([buyerId, sellerId]).not.toContain(e.data.by.id);
    }
    const impostors: ReadonlyArray<Actor> = [
      { role: 'buyer', id: sellerId },
      { role: 'buyer', id: 'stranger' as UserId },
      { role: 'seller', id: buyerId },
      { role: 'seller', id: 'stranger' as UserId },
      { role: 'mediator', id: buyerId },
      { role: 'mediator', id: sellerId },
    ];
    for (const s of liveStates(h)) {
      for (const type of commandTypes.filter((t) => t !== 'OpenDispute')) {
        for (const actor of impostors.filter((a) => ROLES[type].includes(a.role))) {
          expect(tagOf(decide(probe(h, s, type, { actor }), s))).toBe('NotPermitted');
        }
      }
    }
    const first = h.commands[0]!;
    if (first.type === 'OpenDispute') expect(tagOf(decide({ ...first, actor: { role: 'buyer', id: sellerId } }, initialState))).toBe('NotPermitted');
  }));
});

// ------------------------------------------------------------------ time

forEachPolicy('time (T1–T3)', (arb) => {
  it('T1: at never goes backwards, every deadline is later than the event that set it; a command dated earlier is refused', property(arb, (h) => {
    expect(violationsOf(h.events, 'T1')).toEqual([]);
    h.events.forEach((e, i) => {
      if (i > 0) expect(millisOf(e.data.at)).toBeGreaterThanOrEqual(millisOf(h.events[i - 1]!.data.at));
      const started = 'deadlines' in e.data ? (e.data as { deadlines: ReadonlyArray<{ dueAt: string }> }).deadlines : [];
      for (const d of started) expect(millisOf(d.dueAt as never)).toBeGreaterThan(millisOf(e.data.at));
    });
    for (const s of liveStates(h)) {
      const early = millisOf(s.lastEventAt) - 1;
      expect(tagOf(decide(probe(h, s, 'PostMessage', { atMillis: early }), s))).toBe('TimeWentBackwards');
    }
  }));

  it('T2: early, stale or repeated ExpireDeadline emits nothing', property(arb, (h) => {
    expect(violationsOf(h.events, 'T2')).toEqual([]);
    for (const d of h.decided) {
      const c = d.command;
      if (c.type !== 'ExpireDeadline' || emitted(d.decision).length === 0 || !isOpened(d.stateBefore)) continue;
      expect(d.stateBefore.deadlines.some((x) => x.kind === c.kind && x.dueAt === c.dueAt)).toBe(true);
      expect(millisOf(c.at)).toBeGreaterThanOrEqual(millisOf(c.dueAt));
    }
    const expiredSoFar: DisputeEvent[] = [];
    for (const [i, s] of statesOf(h).entries()) {
      if (i > 0) expiredSoFar.push(...emitted(h.decided[i - 1]!.decision).filter((e) => e.type === 'DeadlineExpired'));
      if (!isOpened(s) || s.status === 'CLOSED') continue;
      const last = millisOf(s.lastEventAt);
      for (const deadline of s.deadlines) {
        const due = millisOf(deadline.dueAt);
        const base = { kind: deadline.kind, ...(deadline.party === undefined ? {} : { party: deadline.party }) };
        const expire = (dueAt: number, at: number) => ({ ...probe(h, s, 'ExpireDeadline', { atMillis: at }), ...base, dueAt: instantFromMillis(dueAt) }) as DisputeCommand;
        if (due - 1 >= last) expect(tagOf(decide(expire(due, due - 1), s))).toBe('DeadlineNotDue');
        expect(tagOf(decide(expire(due + 1, Math.max(last, due + 1)), s))).toBe('DeadlineNotActive');
        expect(tagOf(decide(expire(due - 1, Math.max(last, due)), s))).toBe('DeadlineNotActive');
      }
      for (const e of expiredSoFar) {
        if (e.type !== 'DeadlineExpired') continue;
        const again = { ...probe(h, s, 'ExpireDeadline', { atMillis: Math.max(last, millisOf(e.data.dueAt)) }), kind: e.data.kind, dueAt: e.data.dueAt, ...(e.data.party === undefined ? {} : { party: e.data.party }) } as DisputeCommand;
        expect(tagOf(decide(again, s))).toBe('DeadlineNotActive');
      }
    }
  }));

  it('T3: at most one deadline per kind; every waiting state but mediation and the refund states has one that leads out', property(arb, (h) => {
    expect(violationsOf(h.events, 'T3')).toEqual([]);
    const waysOut: Readonly<Record<string, ReadonlyArray<string>>> = {
      AWAITING_SELLER: ['SELLER_RESPONSE', 'NEGOTIATION_WINDOW'],
      AWAITING_BUYER: ['BUYER_RESPONSE', 'NEGOTIATION_WINDOW'],
      AWAITING_RETURN_SHIPMENT: ['RETURN_SHIPMENT'],
      AWAITING_RETURN_RECEIPT: ['RETURN_RECEIPT'],
    };
    for (const s of statesOf(h).filter(isOpened)) {
      const slots = s.deadlines.map((d) => `${d.kind}/${d.party ?? ''}`);
      expect(new Set(slots).size).toBe(slots.length);
      const ways = waysOut[s.status];
      if (ways !== undefined) expect(s.deadlines.some((d) => ways.includes(d.kind))).toBe(true);
      if (s.status === 'AWAITING_REFUND') expect(s.deadlines.every((d) => d.kind === 'REFUND_DUE')).toBe(true);
      if (s.status === 'REFUND_BLOCKED' || s.status === 'CLOSED') expect(s.deadlines).toEqual([]);
    }
  }));
});

// ------------------------------------------------------------------ idempotency

forEachPolicy('idempotency (I1)', (arb) => {
  it('I1: re-sending any earlier command returns Right([]) and appends nothing, even once closed', property(arb, (h) => {
    expect(violationsOf(h.events, 'I1')).toEqual([]);
    const later = statesOf(h);
    h.decided.forEach((d, i) => {
      if (emitted(d.decision).length === 0) return;
      for (const s of [later[i + 1]!, h.state]) expect(decide(d.command, s)).toEqual(E.right([]));
    });
    for (const d of h.decided) if (isRepeat(d)) expect(d.decision).toEqual(E.right([]));
  }));
});

// ------------------------------------------------------------------ single commands

describe('single generated commands', () => {
  it('an opening for a scenario is decided without throwing, and an accepted one snapshots the scenario\'s order', () => {
    fc.assert(
      fc.property(scenarioArb().chain((scenario) => openDisputeArb(scenario).map((command) => ({ scenario, command }))), ({ scenario, command }) => {
        const decision = decide(command, initialState);
        const opened = emitted(decision)[0];
        if (opened !== undefined) expect(opened.type === 'DisputeOpened' && opened.data.order).toEqual(scenario.order);
        else expect(tagOf(decision)).toBeDefined();
      }),
      { numRuns: 200 },
    );
  });

  it('any command from any actor, appended to any generated history, keeps the history valid', () => {
    const arb = historyArb().chain((h) =>
      commandArb({ scenario: h.scenario, state: h.state, now: isOpened(h.state) ? millisOf(h.state.lastEventAt) : millisOf(h.commands[0]!.at), commands: h.commands, events: h.events }).map(
        (command) => ({ h, command }),
      ),
    );
    fc.assert(
      fc.property(arb, ({ h, command }) => {
        const decision = decide(command, h.state);
        expect(checkHistory(versioned([...h.events, ...emitted(decision)]))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

// ------------------------------------------------------------------ a fair environment (T4, M5)

/** The commands parties and mediators send in a fair run (the clock and payments are the environment's). */
const PARTY_COMMANDS: ReadonlyArray<CommandType> = [
  'MakeProposal',
  'AcceptProposal',
  'RejectProposal',
  'SubmitEvidence',
  'PostMessage',
  'Escalate',
  'RequestEvidence',
  'CancelDispute',
  'MarkReturnShipped',
  'ConfirmReturnReceived',
  'RecordExternalRefund',
];

interface FairPlan {
  readonly opening: OpeningChoice;
  /** Random moves of the parties (and mediators), each after a random wait. */
  readonly moves: ReadonlyArray<{ readonly step: CommandStep; readonly waitMs: number }>;
  /** How many mediation turns pass before the mediator rules. */
  readonly patience: number;
  /** How many refund attempts fail before one succeeds. */
  readonly failures: number;
  readonly ruling: { readonly buyerFavour: boolean; readonly seed: number; readonly returnRequired: boolean };
  /** What the mediator does with a blocked refund: retry it, record a refund made elsewhere, or rule again. */
  readonly unblock: 'retry' | 'elsewhere' | 'ruleAgain';
  /** Part of the refund due the seller pays elsewhere before the gateway pays (0: none). */
  readonly partialElsewhere: number;
  /**
   * A chargeback the payment integration reports at the `turn`-th turn (none past the run), for part
   * of what may still be refunded (`part`), and the card network's decision: lost (part of it) or won,
   * recorded at once or after its REPRESENTMENT deadline passed.
   */
  readonly chargeback: { readonly turn: number; readonly part: number; readonly lost: boolean; readonly afterDeadline: boolean };
}

const fairPlanArb: fc.Arbitrary<FairPlan> = fc.record({
  opening: openingChoiceArb.map((o) => ({ ...o, consistent: true, timing: typeof o.timing === 'number' ? o.timing : 0.5 })),
  moves: fc.array(
    fc.record({
      step: fc.tuple(commandStepArb, fc.constantFrom(...PARTY_COMMANDS)).map(([step, type]) => ({ ...step, type, actor: 'natural' as const, time: { kind: 'stay' as const }, focus: false })),
      waitMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 * 86_400_000 })),
    }),
    { maxLength: 25 },
  ),
  patience: fc.nat(3),
  failures: fc.nat(4), // past maxRefundFailures (3 in the presets): the run meets REFUND_BLOCKED and a mediator's retry
  ruling: fc.record({ buyerFavour: fc.boolean(), seed: fc.nat(), returnRequired: fc.boolean() }),
  unblock: fc.constantFrom('retry' as const, 'elsewhere' as const, 'ruleAgain' as const),
  partialElsewhere: fc.oneof(fc.constant(0), fc.nat()),
  chargeback: fc.record({ turn: fc.oneof(fc.constant(1_000), fc.nat(12)), part: fc.nat(), lost: fc.boolean(), afterDeadline: fc.boolean() }),
});

interface FairRun {
  readonly decided: DecidedCommand[];
  readonly events: DisputeEvent[];
  readonly state: DisputeState;
  /** Commands the environment had to send before the dispute closed. */
  readonly steps: number;
  /** Commands the fair environment expected to succeed but that were refused. */
  readonly unfair: string[];
}

/**
 * Drives one dispute with a fair environment: a clock that sends `ExpireDeadline` for every deadline
 * as soon as it is due (before any later command), random moves of the parties while they last,
 * a mediator who rules after at most `patience` turns, and payments that succeed after `failures`.
 */
const driveFairly = (scenario: DisputeScenario, plan: FairPlan, openAtLeast?: number, bound = 200): FairRun => {
  const decided: DecidedCommand[] = [];
  const events: DisputeEvent[] = [];
  const unfair: string[] = [];
  let state: DisputeState = initialState;
  let sent = 0;
  const send = (command: DisputeCommand, mustPass: boolean): Decision => {
    const decision = decide(command, state);
    decided.push({ command, stateBefore: state, decision });
    events.push(...emitted(decision));
    state = fold(state, decision);
    sent += 1;
    if (mustPass && E.isLeft(decision)) unfair.push(`${command.type}: ${decision.left._tag} ${decision.left.message}`);
    return decision;
  };
  const base = openDisputeCommand(scenario, plan.opening, 'fair-open');
  const open = openAtLeast !== undefined && millisOf(base.at) < openAtLeast ? { ...base, at: instantFromMillis(openAtLeast) } : base;
  send(open, false);
  let now = millisOf(open.at);
  const id = (): CommandId => `fair-${sent}` as CommandId;
  const envelope = (actor: Actor) => ({ disputeId: scenario.disputeId, commandId: id(), actor, at: instantFromMillis(now) });
  const fireDue = (until: number): void => {
    for (;;) {
      const s = state;
      if (!isOpened(s) || s.status === 'CLOSED') return;
      // While a chargeback is open only its REPRESENTMENT deadline fires; the others wait for the decision.
      const firable = s.status === 'CHARGEBACK_OPEN' ? s.deadlines.filter((d) => d.kind === 'REPRESENTMENT') : s.deadlines;
      const next = [...firable].sort((a, b) => millisOf(a.dueAt) - millisOf(b.dueAt))[0];
      if (next === undefined || millisOf(next.dueAt) > until) return;
      now = Math.max(now, millisOf(next.dueAt));
      const fired = send({ type: 'ExpireDeadline', ...envelope(scenario.system), kind: next.kind, dueAt: next.dueAt, ...(next.party === undefined ? {} : { party: next.party }) }, true);
      if (E.isLeft(fired)) return;
    }
  };
  let mediationTurns = 0;
  let failed = 0;
  for (let turn = 0; isOpened(state) && state.status !== 'CLOSED' && sent < bound && turn < bound; turn += 1) {
    const move = plan.moves[turn];
    const s0 = state;
    const earliest = s0.deadlines.map((d) => millisOf(d.dueAt)).sort((a, b) => a - b)[0];
    const representment = s0.deadlines.find((d) => d.kind === 'REPRESENTMENT');
    const target =
      s0.status === 'CHARGEBACK_OPEN'
        ? plan.chargeback.afterDeadline && representment !== undefined ? millisOf(representment.dueAt) : now
        : move !== undefined ? now + move.waitMs : s0.status === 'UNDER_MEDIATION' || s0.status === 'AWAITING_REFUND' || s0.status === 'REFUND_BLOCKED' ? now : (earliest ?? now);
    fireDue(target);
    now = Math.max(now, target);
    const s = state;
    if (!isOpened(s) || s.status === 'CLOSED') break;
    if (s.status === 'CHARGEBACK_OPEN') {
      decideChargeback(s);
      continue;
    }
    if (turn >= plan.chargeback.turn && s.chargebacks === undefined && stillRefundable(s).amount > 0) {
      const left = stillRefundable(s).amount;
      const amount = money(1 + (plan.chargeback.part % left), s.refundable.currency);
      send({ type: 'RecordChargeback', ...envelope(scenario.system), provider: 'visa', caseId: 'fair-cb' as Identifier, amount, dueBy: instantFromMillis(now + 10 * 86_400_000) }, true);
      continue;
    }
    const due = refundStillDue(s)?.amount ?? 0;
    if (s.status === 'AWAITING_REFUND' && plan.partialElsewhere > 0 && s.externallyRefunded === undefined && due > 1) {
      const part = money(1 + (plan.partialElsewhere % (due - 1)), s.refundable.currency);
      send({ type: 'RecordExternalRefund', ...envelope(scenario.seller), refundRef: 'fair-x' as Identifier, amount: part, method: 'BANK_TRANSFER' }, true);
      continue;
    }
    if (s.status === 'AWAITING_REFUND') {
      if (failed < plan.failures) {
        failed += 1;
        send({ type: 'RecordRefundFailure', ...envelope(scenario.system), attempt: failed, errorCode: 'timeout', retryable: true }, true);
      } else {
        send({ type: 'IssueRefund', ...envelope(scenario.system), refundId: 'refund' as Identifier, amount: refundStillDue(s)!, gatewayReference: 'gw' as Identifier }, true);
      }
      continue;
    }
    if (s.status === 'REFUND_BLOCKED') {
      unblock(s);
      continue;
    }
    if (s.status === 'UNDER_MEDIATION') mediationTurns += 1;
    if (s.status === 'UNDER_MEDIATION' && (move === undefined || mediationTurns > plan.patience)) {
      rule(s);
      mediationTurns = 0;
      continue;
    }
    if (move !== undefined) send(commandFromStep(move.step, { scenario, state: s, now, commands: decided.map((d) => d.command), events }), false);
  }
  return { decided, events, state, steps: sent, unfair };

  /** The payment integration records the card network's decision on the open chargeback (decision 0006). */
  function decideChargeback(s: OpenedDispute): void {
    const open = openChargebackOf(s)!;
    const lost = plan.chargeback.lost ? 1 + (plan.chargeback.part % open.amount.amount) : 0;
    send({ type: 'RecordChargebackOutcome', ...envelope(scenario.system), caseId: open.caseId as Identifier, outcome: lost > 0 ? 'LOST' : 'WON', amount: money(lost, s.refundable.currency) }, true);
  }

  /** The mediator's way out of a blocked refund (process rules §5.5–§5.6). */
  function unblock(s: OpenedDispute): void {
    const mediator = envelope(scenario.mediators[0]!);
    if (plan.unblock === 'elsewhere') {
      send({ type: 'RecordExternalRefund', ...mediator, refundRef: `fair-m-${sent}` as Identifier, amount: refundStillDue(s)!, method: 'OTHER_PAYMENT_PROVIDER' }, true);
    } else if (plan.unblock === 'ruleAgain') {
      const elsewhere = (s.externallyRefunded?.amount ?? 0) + (s.chargedBack?.amount ?? 0);
      const sellerFavour = !plan.ruling.buyerFavour && elsewhere === 0;
      const refund = money(sellerFavour ? 0 : Math.max(elsewhere, 1 + (plan.ruling.seed % s.refundable.amount)), s.refundable.currency);
      send({ type: 'RuleAgain', ...mediator, rulingId: `fair-r2-${sent}` as Identifier, outcome: sellerFavour ? 'SELLER_FAVOUR' : 'BUYER_FAVOUR', refund, rationale: 'Again.' }, true);
    } else {
      send({ type: 'RetryRefund', ...mediator }, true);
    }
  }

  function rule(s: OpenedDispute): void {
    const r = s.refundable;
    const share = r.amount > 1 ? 1 + (plan.ruling.seed % r.amount) : r.amount;
    const candidates = [
      { outcome: 'BUYER_FAVOUR' as const, refund: { ...r, amount: Math.min(share, r.amount) as MinorUnits }, returnRequired: plan.ruling.returnRequired && s.itemReceived && s.mediationRound !== 'RETURN' },
      { outcome: 'BUYER_FAVOUR' as const, refund: r, returnRequired: false },
      { outcome: 'SELLER_FAVOUR' as const, refund: { ...r, amount: 0 as MinorUnits }, returnRequired: false },
    ];
    const ordered = plan.ruling.buyerFavour ? candidates : [candidates[2]!, ...candidates.slice(0, 2)];
    for (const c of ordered) {
      const decision = send({ type: 'IssueRuling', ...envelope(scenario.mediators[0]!), rulingId: `ruling-${sent}` as Identifier, rationale: 'Fair ruling.', ...c }, false);
      if (E.isRight(decision)) return;
    }
    unfair.push('the mediator could not issue any ruling');
  }
};

describe.each(POLICIES)('T4 under the %s policy', (policy) => {
  it('with a fair clock, mediator and payments, every dispute closes (a blocked refund retried, paid elsewhere or ruled again), and a buyer-favour one pays its last ruling exactly, gateway and elsewhere together', () => {
    fc.assert(
      fc.property(scenarioArb({ policy }), fairPlanArb, (scenario, plan) => {
        const run = driveFairly(scenario, plan);
        fc.pre(isOpened(run.state));
        const story = describeRun(scenario, run.decided);
        expect({ unfair: run.unfair, story }).toEqual({ unfair: [], story });
        expect({ status: run.state.status, story }).toEqual({ status: 'CLOSED', story });
        expect(run.steps).toBeLessThanOrEqual(plan.moves.length * 6 + 30);
        expect(checkHistory(versioned(run.events))).toEqual([]);
        // The last decision counts: a mediator may rule again on a blocked refund.
        const decision = [...run.events].reverse().find((e) => e.type === 'Resolved' || e.type === 'RulingRevised');
        const buyerFavour = (decision?.type === 'Resolved' || decision?.type === 'RulingRevised') && decision.data.outcome === 'BUYER_FAVOUR';
        const refunds = run.events.filter((e) => e.type === 'RefundIssued');
        const gateway = refunds.reduce((sum, e) => sum + (e.type === 'RefundIssued' ? e.data.amount.amount : 0), 0);
        const elsewhere = run.events.reduce((sum, e) => sum + (e.type === 'ExternalRefundRecorded' ? e.data.amount.amount : 0), 0);
        const lost = run.events.reduce((sum, e) => sum + (e.type === 'ChargebackDecided' ? e.data.amount.amount : 0), 0);
        const closed = run.events[run.events.length - 1];
        expect(closed?.type === 'DisputeClosed' && closed.data.refunded.amount).toBe(gateway + elsewhere + lost);
        // Under onChargeback CLOSE the dispute leaves for the card issuer: nothing more is paid in it.
        if (closed?.type === 'DisputeClosed' && closed.data.outcome === 'CHARGEBACK') return;
        expect(refunds.length).toBeLessThanOrEqual(buyerFavour ? 1 : 0);
        // A lost chargeback counts as given back: the gateway pays what is left of the decision, if anything.
        if (buyerFavour && (decision?.type === 'Resolved' || decision?.type === 'RulingRevised')) expect(gateway + elsewhere + lost).toBe(Math.max(decision.data.refund.amount, elsewhere + lost));
        else expect(gateway + elsewhere).toBe(0);
        expect(closed?.type === 'DisputeClosed' && closed.data.outcome.startsWith('REFUNDED')).toBe(buyerFavour);
      }),
      { numRuns: RUNS },
    );
  });
});

describe.each(['seed', 'paypal', 'custom'] as const)('M5 under the %s policy', (policy) => {
  it('over sequential disputes of one order, refunds plus what was already refunded never exceed what was paid', () => {
    fc.assert(
      fc.property(scenarioArb({ policy }), fc.array(fairPlanArb, { minLength: 1, maxLength: 3 }), (scenario, plans) => {
        const histories: DisputeEvent[][] = [];
        let alreadyRefunded: number = scenario.order.alreadyRefunded.amount;
        let closedAt: number | undefined;
        for (const [k, plan] of plans.entries()) {
          if (k + 1 > scenario.policy.maxDisputesPerOrder) break;
          const order = { ...scenario.order, alreadyRefunded: { ...scenario.order.alreadyRefunded, amount: alreadyRefunded as MinorUnits } };
          const run = driveFairly({ ...scenario, disputeId: `${scenario.disputeId}-${k}` as never, order }, plan, closedAt === undefined ? undefined : closedAt + 1);
          const opening = run.decided[0]!.decision;
          if (alreadyRefunded === scenario.order.paid.amount) expect(tagOf(opening)).toBe('NothingRefundable');
          if (E.isLeft(opening)) break;
          histories.push(run.events);
          expect(run.state.status).toBe('CLOSED');
          closedAt = millisOf(run.events[run.events.length - 1]!.data.at);
          const opened = run.events[0]!;
          expect(opened.type === 'DisputeOpened' && opened.data.refundable.amount).toBe(scenario.order.paid.amount - alreadyRefunded);
          alreadyRefunded += run.events.reduce((sum, e) => sum + (e.type === 'RefundIssued' ? e.data.amount.amount : 0), 0);
          expect(alreadyRefunded).toBeLessThanOrEqual(scenario.order.paid.amount);
        }
        expect(checkOrderHistories(histories)).toEqual([]);
        // The oracle notices a later dispute whose snapshot forgot the earlier refunds.
        const refundedFirst = histories[0]?.some((e) => e.type === 'RefundIssued') ?? false;
        if (histories.length > 1 && refundedFirst) {
          const forgetful = JSON.parse(JSON.stringify(histories)) as DisputeEvent[][];
          const opening = forgetful[1]![0]!;
          if (opening.type === 'DisputeOpened') (opening.data.order.alreadyRefunded as { amount: number }).amount = scenario.order.alreadyRefunded.amount;
          expect(checkOrderHistories(forgetful).map((v) => v.rule)).toContain('M5');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
