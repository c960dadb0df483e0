// Strict TypeScript against the installed packages (their .d.ts / .d.cts), as a user compiles it.
// Every `@ts-expect-error` line must be an error: if the types stop catching a mistake, tsc fails
// with "Unused '@ts-expect-error' directive".
import { createDisputeService, money, parseCommand, type DisputeStatus, type HandleError } from '@disputekit/core';
import { createInMemoryEventStore } from '@disputekit/adapters/memory';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
import { createPostgresEventStore } from '@disputekit/adapters/postgres';
import { createDisputeReadModels, createMemoryReadSideStore, createRefundProcessor, systemClock } from '@disputekit/projections';

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
// @ts-expect-error the service's clock returns a Date
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

// ---- Typed commands (branch i14): add here, after the merge, `@ts-expect-error` lines for misspelled
// command fields (`proposalID`), amounts that are not integer minor units, and wrong actor roles. ----
