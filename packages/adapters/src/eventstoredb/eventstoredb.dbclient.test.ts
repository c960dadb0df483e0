import { eventStoreContractSuite } from '../testing';
import { useKurrentDouble } from '../testing/kurrentDouble';
import { defectsSuite } from './suites/defectsSuite';
import { propertySuite } from './suites/propertySuite';
import { storeBehaviourSuite } from './suites/storeBehaviourSuite';

/**
 * The EventStoreDB store through the real, unmodified @eventstore/db-client, against the
 * protocol-level double: one server for the file (its log starts with system records; the defect
 * tests add `$>` link events and deleted streams).
 */
// Every call crosses a real gRPC connection: generous timeouts catch hangs, not slowness.
jest.setTimeout(30_000);
const harness = useKurrentDouble('@eventstore/db-client');

// EventStoreDB keeps event ids unique within a stream only, and cannot write several streams at once.
eventStoreContractSuite('EventStoreDB via @eventstore/db-client (gRPC double)', () => harness.store(), { uniqueEventIdsAcrossStreams: false, hasMultiStreamAppend: false, slowTestTimeoutMs: 300_000 });
storeBehaviourSuite(harness);
defectsSuite(harness);
propertySuite(harness);
