/**
 * Compile-time proof (checked by `tsc`, never run) that both real clients satisfy the structural
 * `EventStoreDbClient`: if either library changes a method the store uses, type-checking fails.
 */
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { EventStoreDbClient } from './eventStoreDbClient';

/** Both clients, seen through the store's interface. */
export type ClientShapeProof = [KurrentDBClient extends EventStoreDbClient ? true : never, EventStoreDBClient extends EventStoreDbClient ? true : never];

/** Fails to compile unless both members of the proof are `true`. */
export const clientShapesMatch: ClientShapeProof = [true, true];
