import { appendAndReadContract } from './appendAndReadContract';
import { closeContract } from './closeContract';
import { contractContext, type ContractSuiteOptions, type EventStoreFactory } from './contractContext';
import { duplicateEventContract } from './duplicateEventContract';
import { expectedVersionContract } from './expectedVersionContract';
import { followContract } from './followContract';
import { multiStreamAppendContract } from './multiStreamAppendContract';
import { globalOrderContract } from './globalOrderContract';
import { hashContract } from './hashContract';
import { payloadContract } from './payloadContract';

/**
 * The one contract every `EventStore` passes. Call it at the top level of a jest test file; it
 * declares its tests with the runner's global `describe`/`it`/`expect` (it imports no test runner).
 * `factory` makes a fresh store for each test; the suite closes it. Tests use their own random
 * `dispute-contract-…` streams and only look at those, so a shared server with other data is fine.
 *
 * @example
 * eventStoreContractSuite('in-memory', () => createInMemoryEventStore());
 */
export const eventStoreContractSuite = (name: string, factory: EventStoreFactory, options: ContractSuiteOptions = {}): void => {
  const context = contractContext(factory, options);
  describe(`EventStore contract: ${name}`, () => {
    appendAndReadContract(context);
    expectedVersionContract(context);
    multiStreamAppendContract(context);
    duplicateEventContract(context);
    globalOrderContract(context);
    followContract(context);
    payloadContract(context);
    hashContract(context);
    closeContract(context);
  });
};
