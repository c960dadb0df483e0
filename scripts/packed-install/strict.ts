// Strict TypeScript against the installed packages (their .d.ts / .d.cts), as a user compiles it.
// Every `@ts-expect-error` line must be an error: if the types stop catching a mistake, tsc fails
// with "Unused '@ts-expect-error' directive".
import {
  availableActions,
  commandJsonSchema,
  createDisputeService,
  disputeCommand,
  disputeCommandJsonSchema,
  eventJsonSchema,
  systemClock,
  money,
  parseCommand,
  typed,
  type AvailableAction,
  type CommandInput,
  type DisputeStatus,
  type HandleError,
} from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createDisputeReadModels, createMemoryReadSideStore, createRefundProcessor } from '@disputekit/projections';

export const service = createDisputeService({ store: createInMemoryEventStore() });

// Store factories: misspelled option names are refused.
// @ts-expect-error `fileName` is not an option (it is `filename`)
createSqliteEventStore({ fileName: 'disputes.db' });
// @ts-expect-error `synchronous` is 'FULL' or 'NORMAL'
createSqliteEventStore({ filename: 'disputes.db', synchronous: 'OFF' });
// @ts-expect-error `connectionstring` is not an option (it is `connectionString`)
createPostgresEventStore({ connectionstring: 'postgres://localhost/app' });
// @ts-expect-error `migrate` is a boolean
createPostgresEventStore({ connectionString: 'postgres://localhost/app', migrate: 'yes' });
// @ts-expect-error the service takes `store`, not `stores`
createDisputeService({ stores: createInMemoryEventStore() });
// @ts-expect-error the service's clock is a Clock ({ now(): number }), not a function returning a string
createDisputeService({ store: createInMemoryEventStore(), clock: () => '2026-03-20T09:00:00Z' });

// Reactors: the refund processor needs a payment gateway.
const readModels = createDisputeReadModels(createMemoryReadSideStore());
// @ts-expect-error `gateway` is missing
createRefundProcessor({ service, summaries: readModels.disputeSummary, clock: systemClock });

// Money is integer minor units with a currency code: a bare number is not money.
// @ts-expect-error money takes (amount, currency)
money(4999);

// Results are Eithers: the right side is only there after checking the tag.
export const statusOf = async (body: unknown): Promise<DisputeStatus | HandleError['_tag']> => {
  const parsed = parseCommand(body);
  if (parsed._tag === 'Left') return 'ValidationError';
  const result = await service.handle(parsed.right);
  // @ts-expect-error `right` is not known before the tag is checked
  result.right.state.status;
  return result._tag === 'Left' ? result.left._tag : result.right.state.status;
};

// @ts-expect-error 'OPENED' is not a dispute status
export const wrongStatus: DisputeStatus = 'OPENED';

// Typed commands: each command's fields, derived from its codec, checked at compile time (ids and
// instants are strings, money is { amount, currency }, the actor's role is one that may send it).
const envelope = { disputeId: 'esm-1', commandId: 'c-1', at: '2026-03-20T09:00:00Z' } as const;
const buyer = { role: 'buyer', id: 'buyer-ana' } as const;
export const offer = disputeCommand('MakeProposal', { ...envelope, actor: { role: 'seller', id: 'seller-lucky' }, proposalId: 'p-2', amount: { amount: 2_500, currency: 'USD' }, returnRequired: false });
export const acceptance: CommandInput<'AcceptProposal'> = { type: 'AcceptProposal', ...envelope, actor: buyer, proposalId: 'p-2' };
export const misspelled = disputeCommand('AcceptProposal', {
  ...envelope,
  actor: buyer,
  // @ts-expect-error `proposalID` is not a field of AcceptProposal (it is `proposalId`)
  proposalID: 'p-2',
});
export const amountAsText = disputeCommand('MakeProposal', {
  ...envelope,
  actor: buyer,
  proposalId: 'p-3',
  // @ts-expect-error money is integer minor units, not a decimal string
  amount: { amount: '25.00', currency: 'USD' },
  returnRequired: false,
});
export const withoutCurrency = disputeCommand('MakeProposal', {
  ...envelope,
  actor: buyer,
  proposalId: 'p-4',
  // @ts-expect-error money needs its currency
  amount: { amount: 2_500 },
  returnRequired: false,
});
export const rulingByBuyer = disputeCommand('IssueRuling', {
  ...envelope,
  // @ts-expect-error only a mediator may issue a ruling
  actor: buyer,
  rulingId: 'r-1',
  outcome: 'BUYER_FAVOUR',
  refund: { amount: 2_500, currency: 'USD' },
  returnRequired: false,
  rationale: 'The parcel never arrived.',
});

/** Only compiled: `typed(service).handle` takes only well-formed commands; `service.handle` still takes any JSON. */
export const typedHandle = async () => {
  const checked = typed(service);
  await checked.handle(acceptance);
  // @ts-expect-error `proposalID` is misspelled
  await checked.handle({ type: 'AcceptProposal', ...envelope, actor: buyer, proposalID: 'p-2' });
  // @ts-expect-error a seller cannot cancel the buyer's dispute
  await checked.handle({ type: 'CancelDispute', ...envelope, actor: { role: 'seller', id: 'seller-lucky' } });
  // @ts-expect-error an amount is a number of minor units
  await checked.handle({ ...offer, amount: { amount: '25.00', currency: 'USD' } });
  await service.handle({ anything: 'goes' }); // untrusted JSON, checked at run time
};

// What may a party do now: typed actions, each with its bounds.
export const buyerMayAccept = async (): Promise<boolean> => {
  const loaded = await service.load('esm-1');
  if (loaded._tag === 'Left') return false;
  const actions: ReadonlyArray<AvailableAction> = availableActions(loaded.right.state, buyer, '2026-03-20T10:00:00Z');
  // @ts-expect-error an actor is { role, id }, not a role name
  availableActions(loaded.right.state, 'buyer', '2026-03-20T10:00:00Z');
  return actions.some((action) => action.type === 'AcceptProposal');
};

// JSON Schemas (2020-12), generated from the codecs.
export const offerSchema = commandJsonSchema('MakeProposal');
export const anyCommandSchema = disputeCommandJsonSchema();
export const openedSchema = eventJsonSchema('DisputeOpened');
// @ts-expect-error 'MakeOffer' is not a command type
commandJsonSchema('MakeOffer');
