import * as fc from 'fast-check';
import type { CommandId, ProposalId } from '../../codecs/ids';
import { millisOf } from '../../codecs/instant';
import type { OpenDispute } from '../../dispute/commands';
import { reasonCodes, type Reason, type ReasonGroup } from '../../dispute/vocabulary';
import type { CurrencyCode } from '../../money/currency';
import type { Money } from '../../money/money';
import { protectionWindow, type DisputeScenario } from './scenarios';
import { at, DAY_MS, EARLIEST, fixedEvidence, money, refundableOf } from './shared';

/** How an amount is chosen for a command, relative to the dispute's refundable amount. */
export type AmountChoice = 'natural' | 'full' | 'partial' | 'zero' | 'over' | 'otherCurrency' | 'huge';

/** How amounts are chosen: mostly naturally, sometimes the whole or a part, now and then wrongly. */
export const amountChoiceArb: fc.Arbitrary<AmountChoice> = fc.oneof(
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

/** An amount by a choice, relative to the refundable (`natural` asks the rules' own amount). */
export const amountFor = (choice: AmountChoice, refundable: Money, seed: number, natural: () => number): Money => {
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
