import { createDisputeService } from '@disputekit/core';
import { createSqliteEventStore } from '@disputekit/adapters/sqlite';
// createInMemoryEventStore()                      from '@disputekit/adapters/memory'   (tests, demos)
// createSqliteEventStore({ filename })            from '@disputekit/adapters/sqlite'   (embedded default)
// createPostgresEventStore({ connectionString })  from '@disputekit/adapters/postgres' (production; run `disputekit migrate` at deploy)
// createEventStoreDbEventStore({ connectionString: 'kurrentdb://…' })
//                                                 from '@disputekit/adapters/eventstoredb' (scale-out)

const service = createDisputeService({ store: createSqliteEventStore({ filename: 'disputes.db' }) });

/** Your request handler: the command as JSON in; the stored events and the new state out. */
export const handleCommand = (commandJson: unknown) => service.handle(commandJson); // Promise<Either<HandleError, { events, state, version }>>
