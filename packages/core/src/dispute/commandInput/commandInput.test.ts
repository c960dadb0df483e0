import * as E from 'fp-ts/lib/Either.js';
import { commandTypes } from '../commands';
import { parseCommand } from '../parse';
import { disputeCommand, typedCommand } from './buildCommand';
import type { CommandInput, DisputeCommandInput } from './commandInput';
import { allowedRoles, type CommandRoles } from '../commandRoles';
import { typed } from '../../service/typedDisputeService';
import type { DisputeService } from '../../service/disputeService';

// This file is compiled by `pnpm run typecheck` (tsc -b): every `@ts-expect-error` below must be a
// real compile error, or the type check fails. Jest then runs it, and shows that the codecs refuse
// the same inputs at run time.

const envelope = { disputeId: 'd-1', commandId: 'c-1', at: '2026-03-10T09:00:00Z' } as const;
const buyer = { role: 'buyer', id: 'buyer-1' } as const;
const seller = { role: 'seller', id: 'seller-1' } as const;

const proposal = disputeCommand('MakeProposal', {
  ...envelope,
  actor: seller,
  proposalId: 'p-2',
  amount: { amount: 2_500, currency: 'USD' },
  returnRequired: false,
});

const acceptance: CommandInput<'AcceptProposal'> = { type: 'AcceptProposal', ...envelope, actor: buyer, proposalId: 'p-2' };

const ruling = typedCommand({
  type: 'IssueRuling',
  ...envelope,
  actor: { role: 'mediator', id: 'm-1' },
  rulingId: 'r-1',
  outcome: 'BUYER_FAVOUR',
  refund: { amount: 2_500, currency: 'USD' },
  returnRequired: false,
  rationale: 'The parcel never arrived.',
});

const misspelled: DisputeCommandInput = {
  type: 'AcceptProposal',
  ...envelope,
  actor: buyer,
  // @ts-expect-error `proposalID` is not a field of AcceptProposal (it is `proposalId`)
  proposalID: 'p-2',
};

const amountAsText = disputeCommand('MakeProposal', {
  ...envelope,
  actor: seller,
  proposalId: 'p-3',
  // @ts-expect-error money is integer minor units, not a decimal string
  amount: { amount: '25.00', currency: 'USD' },
  returnRequired: false,
});

// @ts-expect-error money needs its currency
const amountWithoutCurrency: CommandInput<'IssueRefund'> = { type: 'IssueRefund', ...envelope, actor: { role: 'system', id: 'gateway' }, refundId: 'rf-1', amount: { amount: 2_500 }, gatewayReference: 'gw-1' };

const rulingByBuyer = disputeCommand('IssueRuling', {
  ...envelope,
  // @ts-expect-error only a mediator may issue a ruling
  actor: buyer,
  rulingId: 'r-2',
  outcome: 'SELLER_FAVOUR',
  refund: { amount: 0, currency: 'USD' },
  returnRequired: false,
  rationale: 'No proof.',
});

const unknownRole = disputeCommand('PostMessage', {
  ...envelope,
  // @ts-expect-error `admin` is no role
  actor: { role: 'admin', id: 'root' },
  messageId: 'm-1',
  text: 'Hello',
});

const wrongOutcome = disputeCommand('IssueRuling', {
  ...envelope,
  actor: { role: 'mediator', id: 'm-1' },
  rulingId: 'r-3',
  // @ts-expect-error outcomes are BUYER_FAVOUR or SELLER_FAVOUR
  outcome: 'BUYER_WINS',
  refund: { amount: 0, currency: 'USD' },
  returnRequired: false,
  rationale: 'x',
});

// @ts-expect-error a required field (`returnRequired`) is missing
const missingField = disputeCommand('MakeProposal', { ...envelope, actor: seller, proposalId: 'p-4', amount: { amount: 1, currency: 'USD' } });

/** Only compiled: `typed(service).handle` checks the literal it is given. */
export const typedHandleChecks = (service: DisputeService) => {
  const checked = typed(service);
  void checked.handle({ type: 'Escalate', ...envelope, actor: buyer });
  // @ts-expect-error `proposalID` is misspelled
  void checked.handle({ type: 'AcceptProposal', ...envelope, actor: buyer, proposalID: 'p-2' });
  // @ts-expect-error a seller cannot cancel the dispute
  void checked.handle({ type: 'CancelDispute', ...envelope, actor: seller });
  void service.handle({ anything: 'goes' }); // the untyped entry point stays for untrusted JSON
};

describe('typed command inputs', () => {
  it('the well-typed commands decode at run time, unchanged in meaning', () => {
    for (const input of [proposal, acceptance, ruling]) {
      const parsed = parseCommand(input);
      expect(E.isRight(parsed) && parsed.right.type).toBe(input.type);
    }
    expect(proposal.type).toBe('MakeProposal');
  });

  it('typed(service) is the same service', () => {
    const service = { handle: async () => undefined, load: async () => undefined } as unknown as DisputeService;
    expect(typed(service)).toBe(service);
  });

  it('every input the compiler refuses is refused by the codec too', () => {
    for (const input of [misspelled, amountAsText, amountWithoutCurrency, unknownRole, wrongOutcome, missingField]) {
      expect(E.isLeft(parseCommand(input))).toBe(true);
    }
    // the role table is a compile-time rule the decider enforces: the codec alone accepts a buyer's ruling
    expect(E.isRight(parseCommand(rulingByBuyer))).toBe(true);
  });

  it('CommandRoles (types) lists the same roles as allowedRoles, which the decider reads', () => {
    const roles: { readonly [K in keyof CommandRoles]: ReadonlyArray<CommandRoles[K]> } = {
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
    for (const type of commandTypes) expect([...roles[type]].sort()).toEqual([...allowedRoles[type]].sort());
  });
});
